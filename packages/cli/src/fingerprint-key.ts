import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { UsageError } from './usage-error.js';

/** Where the fingerprint key came from; recorded in the report instead of the key. */
export type FingerprintKeySource = 'file' | 'env' | 'installation' | 'ephemeral';

export interface FingerprintKey {
  readonly key: string;
  readonly source: FingerprintKeySource;
  /** Set when the key could not be stored and fingerprints will not match other runs. */
  readonly warning?: string;
}

export interface FingerprintKeyOptions {
  /** `--fingerprint-key-file`. */
  readonly keyFile?: string;
  readonly env?: NodeJS.ProcessEnv;
}

/**
 * Resolves the secret fingerprint key: `--fingerprint-key-file`, then `GALLRA_FINGERPRINT_KEY`, then
 * the installation key in `$XDG_CONFIG_HOME/gallra/fingerprint.key` (or `~/.config/gallra/`), created
 * with 32 random bytes and mode 0600 on first use. It lives outside the scanned data so that a report
 * and the data it describes do not travel together with the key. The key is never printed.
 */
export function resolveFingerprintKey(options: FingerprintKeyOptions = {}): FingerprintKey {
  const env = options.env ?? process.env;
  if (options.keyFile !== undefined) {
    let text: string;
    try {
      text = readFileSync(options.keyFile, 'utf8');
    } catch (error) {
      throw new UsageError(`cannot read the fingerprint key file: ${(error as NodeJS.ErrnoException).code ?? 'error'}`);
    }
    return { key: nonEmptyKey(text, 'the fingerprint key file'), source: 'file' };
  }
  const fromEnv = env['GALLRA_FINGERPRINT_KEY'];
  if (fromEnv !== undefined) return { key: nonEmptyKey(fromEnv, 'GALLRA_FINGERPRINT_KEY'), source: 'env' };
  const file = installationKeyPath(env);
  try {
    return { key: nonEmptyKey(readFileSync(file, 'utf8'), file), source: 'installation' };
  } catch (error) {
    if (error instanceof UsageError) throw error;
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') return ephemeral(error);
  }
  const key = randomBytes(32).toString('hex');
  try {
    mkdirSync(join(file, '..'), { recursive: true, mode: 0o700 });
    // `wx`: if another gallra process created the key meanwhile, use theirs.
    writeFileSync(file, `${key}\n`, { mode: 0o600, flag: 'wx' });
    return { key, source: 'installation' };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') {
      return { key: nonEmptyKey(readFileSync(file, 'utf8'), file), source: 'installation' };
    }
    return ephemeral(error);
  }
}

/** `$XDG_CONFIG_HOME/gallra/fingerprint.key`, or `~/.config/gallra/fingerprint.key`. */
export function installationKeyPath(env: NodeJS.ProcessEnv = process.env): string {
  const base = env['XDG_CONFIG_HOME'] || join(homedir(), '.config');
  return join(base, 'gallra', 'fingerprint.key');
}

function nonEmptyKey(text: string, where: string): string {
  const key = text.trim();
  if (key.length === 0) throw new UsageError(`${where} is empty: a fingerprint key must not be empty`);
  return key;
}

function ephemeral(error: unknown): FingerprintKey {
  const code = (error as NodeJS.ErrnoException).code ?? 'error';
  return {
    key: randomBytes(32).toString('hex'),
    source: 'ephemeral',
    warning:
      `could not read or store the installation fingerprint key (${code}); using a one-off key, so ` +
      'fingerprints will not match other runs. Set GALLRA_FINGERPRINT_KEY or --fingerprint-key-file.',
  };
}
