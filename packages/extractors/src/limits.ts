import type { ExtractLimits } from './types.js';

/** Safe defaults for {@link ExtractLimits}. */
export const DEFAULT_LIMITS: ExtractLimits = Object.freeze({
  maxFileBytes: 512 * 1024 * 1024,
  maxDepth: 5,
  maxTotalBytes: 1024 * 1024 * 1024,
  maxRatio: 100,
  maxMembers: 10_000,
  timeoutMs: 120_000,
});

export function resolveLimits(partial: Partial<ExtractLimits> | undefined): ExtractLimits {
  return { ...DEFAULT_LIMITS, ...partial };
}
