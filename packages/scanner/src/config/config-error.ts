/** Why the configuration (or a file it names, such as a baseline) could not be used. */
export type ConfigErrorReason =
  | 'unreadable'
  | 'invalid-json'
  | 'invalid-value'
  | 'unknown-key'
  | 'key-mismatch';

/**
 * A configuration, baseline or ignore file is unusable. Raised before scanning starts; the CLI prints
 * the message and exits with 2. `file` and `keyPath` say exactly where (`allow.fingerprints[2]`).
 */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
  readonly reason: ConfigErrorReason;
  readonly file: string;
  readonly keyPath: string | null;
  constructor(reason: ConfigErrorReason, file: string, keyPath: string | null, detail: string, options?: { cause?: unknown }) {
    super(`${file}${keyPath ? ` (${keyPath})` : ''}: ${detail}`, options);
    this.reason = reason;
    this.file = file;
    this.keyPath = keyPath;
  }
}
