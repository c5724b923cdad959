/**
 * @module The command registry: one line per command family. Each family lives in its own file
 * and only wires flags to one domain call and a formatter.
 */
import type { Command } from 'commander';
import type { CliContext } from '../context.js';
import { registerCaptureCommands } from './capture.js';
import { registerCaseCommands } from './case.js';
import { registerCohortCommands } from './cohort.js';
import { registerDemoCommand } from './demo.js';
import { registerExportCommands } from './export.js';
import { registerGovernanceCommands } from './governance.js';
import { registerHashingCommands } from './hashing.js';
import { registerInitCommand } from './init.js';
import { registerItemCommands } from './item.js';
import { registerLedgerCommands } from './ledger.js';
import { registerPackageCommands } from './package.js';
import { registerPersonaCommands } from './persona.js';
import { registerRangeCommands } from './range.js';
import { registerServeCommands } from './serve.js';
import { registerStoreCommands } from './store.js';
import { registerTrainingCommands } from './training.js';
import { registerTriageCommands } from './triage.js';

export type RegisterCommands = (program: Command, context: CliContext) => void;

export const COMMANDS: readonly RegisterCommands[] = [
  registerInitCommand,
  registerCaseCommands,
  registerItemCommands,
  registerCaptureCommands,
  registerLedgerCommands,
  registerStoreCommands,
  registerDemoCommand,
  registerServeCommands,
  registerGovernanceCommands,
  registerPersonaCommands,
  registerTriageCommands,
  registerHashingCommands,
  registerPackageCommands,
  registerRangeCommands,
  registerTrainingCommands,
  registerCohortCommands,
  registerExportCommands,
];
