/**
 * @module What a benchmark reports: a figure, and the baseline measured in the same run.
 */
export interface BenchResult {
  readonly name: string;
  readonly value: number;
  readonly unit: string;
  readonly baseline?: { readonly name: string; readonly value: number };
  /** value ÷ baseline for throughputs, baseline ÷ value for latencies: > 1 means Vigil is faster. */
  readonly ratio?: number;
  /** The goal the issue names, as text ("≥ 0.8× sha256sum"). */
  readonly goal?: string;
  /** Whether the goal was met, when there is one. */
  readonly met?: boolean;
}
