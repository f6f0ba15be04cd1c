import type { Confidence } from './types.js';

/** Score thresholds (detection spec §0): high ≥ 0.85, medium ≥ 0.6, low ≥ 0.4. */
export const CONFIDENCE_THRESHOLDS = { high: 0.85, medium: 0.6, low: 0.4 } as const;

/** The one place a score becomes a level. Scores below the `low` threshold return `null`. */
export function confidenceOf(score: number): Confidence | null {
  if (score >= CONFIDENCE_THRESHOLDS.high) return 'high';
  if (score >= CONFIDENCE_THRESHOLDS.medium) return 'medium';
  if (score >= CONFIDENCE_THRESHOLDS.low) return 'low';
  return null;
}

/** Order of levels for threshold comparisons (`--fail-on`). */
export const CONFIDENCE_RANK: Readonly<Record<Confidence, number>> = { low: 1, medium: 2, high: 3 };
