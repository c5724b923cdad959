/**
 * @module The interaction log of a range session (R17): every like, follow, message, share,
 * reply or join attempt, refused in passive mode and allowed (and still logged) under a
 * supervisor's override. Append-only JSON Lines that the assessment reads back.
 */
import { appendFileSync, mkdirSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { invalidInput } from '../../core/errors.js';
import { INTERACTIONS } from './vocab.js';

export const INTERACTION_OUTCOMES = ['refused', 'allowed'] as const;

export const violationRecordSchema = z.object({
  seq: z.number().int().nonnegative(),
  at: z.string(),
  action: z.enum(INTERACTIONS),
  target: z.string(),
  /** Logged-in investigator persona, or null for an anonymous visitor. */
  persona: z.string().nullable(),
  mode: z.enum(['passive', 'active']),
  outcome: z.enum(INTERACTION_OUTCOMES),
  /** Who authorised active mode (R17 supervisor override); null in passive mode. */
  override: z.string().nullable(),
  userAgent: z.string(),
  remoteAddress: z.string(),
});
export type ViolationRecord = z.infer<typeof violationRecordSchema>;

/** Appends records to a JSONL file (O_APPEND: one write per line, never rewrites the file). */
export class ViolationLog {
  readonly #file: string | null;
  readonly #records: ViolationRecord[] = [];

  constructor(file: string | null) {
    this.#file = file;
    if (file !== null) mkdirSync(path.dirname(file), { recursive: true });
  }

  append(record: Omit<ViolationRecord, 'seq'>): ViolationRecord {
    const full = violationRecordSchema.parse({ seq: this.#records.length, ...record });
    this.#records.push(full);
    if (this.#file !== null) appendFileSync(this.#file, `${JSON.stringify(full)}\n`, { flag: 'a' });
    return full;
  }

  records(): readonly ViolationRecord[] {
    return [...this.#records];
  }
}

/**
 * Reads an interaction log written by a range; each line is validated.
 *
 * @example
 * const refused = (await readViolations(file)).filter((v) => v.outcome === 'refused');
 */
export async function readViolations(file: string): Promise<ViolationRecord[]> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (cause) {
    if ((cause as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw cause;
  }
  return text
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line, index) => {
      const parsed = violationRecordSchema.safeParse(JSON.parse(line));
      if (!parsed.success) {
        throw invalidInput(`line ${index + 1} of ${file} is not a range interaction record`, {
          details: { issues: parsed.error.issues },
          hint: 'the log is append-only JSON Lines written by `vigil range serve`; do not edit it by hand',
        });
      }
      return parsed.data;
    });
}
