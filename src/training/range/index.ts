/**
 * @module The training range's public surface: generate a corpus, export its ground truth and
 * hash list, serve it, read its interaction log, and load scenario packs.
 */
export { generateCorpus, seedKey } from './corpus.js';
export type { Corpus, Post, Persona } from './corpus-model.js';
export { exportTruth, truthToJson } from './truth.js';
export type { RangeTruth, TruthPost } from './truth.js';
export { startRange, DEFAULT_TIME_ZONE } from './server.js';
export type { RunningRange, StartRangeOptions } from './server.js';
export { readViolations } from './violations.js';
export type { ViolationRecord } from './violations.js';
export {
  loadScenarios,
  findScenario,
  formatBriefing,
  resolveAnswerKey,
  parseScenario,
} from './scenarios.js';
export type { Scenario } from './scenario-schema.js';
export { MediaStore } from './media-render.js';
export { knownHashRows, hashListCsv } from './hash-list.js';
export { ANCHORS } from './anchors.js';
