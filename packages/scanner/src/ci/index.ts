/** `gallra ci`: scan what git tracks, stages or commits, with accept rules and a baseline. */
export { runCi } from './run-ci.js';
export type { CiOutput, CiResult } from './run-ci.js';
export type { CiMode, CiOptions } from './ci-options.js';
