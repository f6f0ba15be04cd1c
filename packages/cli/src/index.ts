/**
 * `gallra`: the command-line scanner. `main(argv)` runs it and returns the exit code.
 * @packageDocumentation
 */
export { main } from './main.js';
export type { CliIo } from './main.js';
export { EXIT } from './exit-codes.js';
export { resolveFingerprintKey, installationKeyPath } from './fingerprint-key.js';
export type { FingerprintKey, FingerprintKeySource } from './fingerprint-key.js';
export { UsageError } from './usage-error.js';
export { CLI_VERSION } from './version.js';
