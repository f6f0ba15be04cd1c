import type { ExtractLimits } from '@gallra/extractors';
import type { Baseline } from '../baseline/baseline.js';
import type { AllowConfig, FailOn } from '../config/config.js';

/** What `gallra ci` scans. */
export type CiMode =
  /** The git-tracked files of the working tree (untracked and ignored files are never read). */
  | { readonly kind: 'tracked' }
  /** The added lines of the staged changes, read from the index (pre-commit). */
  | { readonly kind: 'staged' }
  /** The added lines of every non-merge commit in `from..to` (`from` null: all ancestors of `to`). */
  | { readonly kind: 'commits'; readonly from: string | null; readonly to: string }
  /** Every blob reachable from any ref, each scanned once. */
  | { readonly kind: 'history' };

export interface CiOptions {
  /** A directory inside the repository. */
  readonly cwd: string;
  readonly mode: CiMode;
  /**
   * Secret fingerprint key. Without one, fingerprints are gallra's public HMAC truncated to 20 bits
   * (see baseline.ts): stable on every machine and not reversible to a single number.
   */
  readonly fingerprintKey?: string;
  readonly allow?: AllowConfig;
  readonly baseline?: Baseline;
  readonly reveal?: boolean;
  /** Reference date (ISO-8601) for century inference. */
  readonly now?: string;
  readonly failOn?: FailOn;
  readonly failOnTestNumbers?: boolean;
  /** Files or blobs in flight at once. Default 8 (32 with worker threads). */
  readonly concurrency?: number;
  /**
   * Worker threads scanning content while the main thread reads git. Default 0: scan in the main
   * thread. Starting a worker costs more than a normal commit's scan, and on the shared 2-core
   * development machine 2 workers did not beat the main thread on `--history` (bench/ci-latency.mjs);
   * on an idle multi-core runner they can.
   */
  readonly jobs?: number;
  readonly limits?: Partial<ExtractLimits>;
}
