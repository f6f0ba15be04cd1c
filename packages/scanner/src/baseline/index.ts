/** Baselines: accepted findings keyed by path, type and fingerprint, so only new findings fail CI. */
export {
  BaselineMatcher,
  createBaseline,
  formatBaseline,
  keyIdOf,
  KEYED_FINGERPRINT_LENGTH,
  loadBaseline,
  parseBaseline,
  PUBLIC_FINGERPRINT_LENGTH,
} from './baseline.js';
export type { Baseline, BaselineCandidate, BaselineEntry } from './baseline.js';
