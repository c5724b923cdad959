/**
 * @module The shape of an assessment (R25): a score per criterion with its maximum and feedback
 * a trainee can act on, and the total. `vigil assess --json` prints exactly this.
 */

/** The criteria Vigil scores, in report order (scenario weights name the first six). */
export const CRITERIA = [
  /** The right targets captured (the variant's ground truth), in time for volatile posts. */
  'preservation',
  /** Entities found: wallets, handles, invite links, phones, e-mails, known media. */
  'identification',
  /** Content categories assigned (UNODC vocabulary). */
  'classification',
  /** A legal basis recorded with the fields the scenario requires, valid at capture time. */
  'legal_basis',
  /** Packages verify (hashes, signature, timestamp) and provenance is complete (R3). */
  'metadata',
  /** Passive mode kept (R17) and bystander data minimised. */
  'conduct',
] as const;
export type Criterion = (typeof CRITERIA)[number];

export interface CriterionResult {
  readonly id: Criterion;
  readonly score: number;
  readonly max: number;
  /** One or more sentences: what earned points and what lost them. */
  readonly feedback: string;
}

export interface AssessmentResult {
  readonly score: number;
  readonly max: number;
  readonly passed: boolean;
  readonly criteria: CriterionResult[];
  /** R24: set when answers belong to another trainee's variant. */
  readonly flags: string[];
  readonly scenario: string;
  readonly seed: string;
  readonly variant: string;
}

/** What a trainee submits besides packages (`--answers FILE`). */
export interface TraineeAnswers {
  /** Task id → category, for classify tasks; or post URL/id → category. */
  readonly categories?: Record<string, string>;
  readonly wallets?: string[];
  readonly handles?: string[];
  /** Any other entities found (invite links, phones, e-mails, URLs of known media). */
  readonly entities?: string[];
  /** Task id → answer, for any task. */
  readonly tasks?: Record<string, string | string[]>;
}
