/**
 * @module vPDQ video comparison and the vPDQ signal value format.
 *
 * The rule, after ThreatExchange vPDQ (`match_VPDQ_hash_brute` in python-threatexchange):
 * 1. From each video drop frames whose hash repeats an earlier frame's (dedupe), then drop
 *    frames of quality < 50 (they are never compared).
 * 2. A query frame "matches" when some target frame is within Hamming distance ≤ 31; the
 *    query match percentage is matched query frames ÷ remaining query frames × 100. The target
 *    match percentage is the same, the other way round.
 * 3. The videos match when query% ≥ 80 and target% ≥ 0 — python-threatexchange's defaults
 *    (VPDQ_QUERY_MATCH_THRESHOLD_PERCENT = 80, VPDQ_INDEX_MATCH_THRESHOLD_PERCENT = 0): most of
 *    the query must be found in the known video, which may be longer (the query is a clip).
 *    Raise `targetPercent` (e.g. 80) to ask for the whole known video to be present as well.
 * A video with no comparable frame (all flat or tiny) never matches.
 */
import { invalidInput } from '../../core/errors.js';
import {
  PDQ_MATCH_DISTANCE,
  PDQ_MIN_MATCH_QUALITY,
  hammingWords,
  isPdqHex,
  pdqHexToWords,
} from './pdq-hash.js';

/** Defaults of the match rule, from python-threatexchange `vpdq_util`. */
export const VPDQ_DEFAULTS = {
  distance: PDQ_MATCH_DISTANCE,
  quality: PDQ_MIN_MATCH_QUALITY,
  queryPercent: 80,
  targetPercent: 0,
} as const;

/** The part of a frame hash that matching uses. */
export interface VpdqFrame {
  pdq: string;
  quality: number;
  timestamp: number;
}

export interface VideoMatchOptions {
  /** Largest Hamming distance for two frames to match. Default 31. */
  distance?: number;
  /** Frames under this quality are not compared. Default 50. */
  quality?: number;
  /** Smallest query match percentage for a video match. Default 80. */
  queryPercent?: number;
  /** Smallest target match percentage for a video match. Default 0. */
  targetPercent?: number;
}

export interface VideoMatchResult {
  matched: boolean;
  /** Matched query frames ÷ comparable query frames × 100. */
  queryMatchPercent: number;
  /** Matched target frames ÷ comparable target frames × 100. */
  targetMatchPercent: number;
  /** Smallest frame-to-frame distance found (257 when nothing was comparable). */
  bestDistance: number;
}

/** vPDQ dedupe (first occurrence of each hash kept), then the quality filter. */
function comparable(frames: readonly VpdqFrame[], quality: number): Uint32Array[] {
  const seen = new Set<string>();
  const out: Uint32Array[] = [];
  for (const f of frames) {
    const hex = f.pdq.toLowerCase();
    if (seen.has(hex)) continue;
    seen.add(hex);
    if (f.quality >= quality) out.push(pdqHexToWords(hex));
  }
  return out;
}

/**
 * Compare two videos by their frame hashes (brute force over frame pairs, as vPDQ does).
 *
 * @example
 * matchVideoFrames(upload.frames, known.frames).matched;
 */
export function matchVideoFrames(
  query: readonly VpdqFrame[],
  target: readonly VpdqFrame[],
  options: VideoMatchOptions = {},
): VideoMatchResult {
  const distance = options.distance ?? VPDQ_DEFAULTS.distance;
  const quality = options.quality ?? VPDQ_DEFAULTS.quality;
  const q = comparable(query, quality);
  const t = comparable(target, quality);
  const qHit = new Uint8Array(q.length);
  const tHit = new Uint8Array(t.length);
  let best = 257;
  for (let i = 0; i < q.length; i++) {
    for (let j = 0; j < t.length; j++) {
      const d = hammingWords(q[i]!, t[j]!);
      if (d < best) best = d;
      if (d <= distance) {
        qHit[i] = 1;
        tHit[j] = 1;
      }
    }
  }
  const pct = (hits: Uint8Array) =>
    hits.length === 0 ? 0 : (hits.reduce((a, b) => a + b, 0) / hits.length) * 100;
  const queryMatchPercent = pct(qHit);
  const targetMatchPercent = pct(tHit);
  const matched =
    q.length > 0 &&
    t.length > 0 &&
    queryMatchPercent >= (options.queryPercent ?? VPDQ_DEFAULTS.queryPercent) &&
    targetMatchPercent >= (options.targetPercent ?? VPDQ_DEFAULTS.targetPercent);
  return { matched, queryMatchPercent, targetMatchPercent, bestDistance: best };
}

/**
 * Serialise frames as python-threatexchange's vPDQ signal value: a JSON array of
 * `"pdq_hex,quality,timestamp"` strings, timestamps to 3 decimals.
 */
export function formatVpdq(frames: readonly VpdqFrame[]): string {
  return JSON.stringify(
    frames.map((f) => `${f.pdq.toLowerCase()},${f.quality},${f.timestamp.toFixed(3)}`),
  );
}

/**
 * Parse a vPDQ signal value (see `formatVpdq`).
 *
 * @throws VigilError `invalid_input` naming the first bad frame.
 */
export function parseVpdq(value: string): VpdqFrame[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(value);
  } catch {
    throw invalidInput('vpdq value is not JSON: expected an array of "pdq_hex,quality,timestamp"');
  }
  if (!Array.isArray(parsed) || parsed.length === 0) {
    throw invalidInput('vpdq value must be a non-empty JSON array of "pdq_hex,quality,timestamp"');
  }
  return parsed.map((entry, i) => {
    const parts = typeof entry === 'string' ? entry.split(',') : [];
    const [pdq = '', qualityText = '', timeText = ''] = parts;
    const quality = Number(qualityText);
    const timestamp = Number(timeText);
    if (
      parts.length !== 3 ||
      !isPdqHex(pdq) ||
      !Number.isInteger(quality) ||
      quality < 0 ||
      quality > 100 ||
      !Number.isFinite(timestamp) ||
      timestamp < 0 ||
      timeText.trim() === ''
    ) {
      throw invalidInput(
        `vpdq frame ${i} is not "pdq_hex,quality,timestamp" (64 hex, 0–100, seconds ≥ 0): ${JSON.stringify(entry)}`,
      );
    }
    return { pdq: pdq.toLowerCase(), quality, timestamp };
  });
}
