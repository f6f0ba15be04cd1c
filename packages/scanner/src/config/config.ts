import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { Confidence } from '@gallra/core';
import { ConfigError } from './config-error.js';

/** The failure threshold: the lowest confidence that fails a run, or `none` to never fail on findings. */
export type FailOn = Confidence | 'none';

/**
 * Project configuration, read from `.gallra.json` or `gallra.config.json` at the repository root
 * (or `--config FILE`). Shared with the retention policy file, which adds its own keys.
 *
 * ```json
 * {
 *   "failOn": "medium",
 *   "failOnTestNumbers": false,
 *   "fingerprintKeyEnv": "GALLRA_FINGERPRINT_KEY",
 *   "baseline": ".gallra-baseline.json",
 *   "allow": {
 *     "paths": ["fixtures/**", "*.snap"],
 *     "fingerprints": ["3f9a0c1d2e4b5a69"],
 *     "types": ["PARTIAL_PERSONNUMMER"]
 *   }
 * }
 * ```
 */
export interface GallraConfig {
  readonly failOn?: FailOn;
  readonly failOnTestNumbers?: boolean;
  /** The fingerprint key itself. Committing it makes it public: prefer `fingerprintKeyEnv`. */
  readonly fingerprintKey?: string;
  /** Name of the environment variable holding the fingerprint key. Default `GALLRA_FINGERPRINT_KEY`. */
  readonly fingerprintKeyEnv?: string;
  /** Baseline file used when `--baseline` is not given, relative to the config file. */
  readonly baseline?: string;
  readonly allow?: AllowConfig;
}

export interface AllowConfig {
  /** gitignore-syntax patterns of paths never scanned (added to `.gallraignore`). */
  readonly paths?: readonly string[];
  /** Fingerprints (or hex prefixes of at least 5 characters, as reports show them without a key) whose findings are accepted. */
  readonly fingerprints?: readonly string[];
  /** Entity types that never fail a run, e.g. `PARTIAL_PERSONNUMMER`. */
  readonly types?: readonly string[];
}

/** A loaded configuration and where it came from (null when the project has none). */
export interface LoadedConfig {
  readonly file: string | null;
  readonly config: GallraConfig;
}

export const CONFIG_FILE_NAMES: readonly string[] = ['.gallra.json', 'gallra.config.json'];
export const DEFAULT_FINGERPRINT_KEY_ENV = 'GALLRA_FINGERPRINT_KEY';

const FAIL_ON: readonly string[] = ['low', 'medium', 'high', 'none'];
const TOP_KEYS: readonly string[] = ['$schema', 'failOn', 'failOnTestNumbers', 'fingerprintKey', 'fingerprintKeyEnv', 'baseline', 'allow'];
const ALLOW_KEYS: readonly string[] = ['paths', 'fingerprints', 'types'];

/**
 * Loads `explicitFile`, or else the first of {@link CONFIG_FILE_NAMES} found in `dir`. Having none is
 * fine; an unreadable, malformed or invalid file throws `ConfigError`.
 */
export async function loadConfig(dir: string, explicitFile?: string): Promise<LoadedConfig> {
  const candidates = explicitFile ? [resolve(explicitFile)] : CONFIG_FILE_NAMES.map((name) => join(dir, name));
  for (const file of candidates) {
    let text: string;
    try {
      text = await readFile(file, 'utf8');
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (!explicitFile && code === 'ENOENT') continue;
      throw new ConfigError('unreadable', file, null, `cannot read the config file (${code ?? 'error'})`, { cause: error });
    }
    return { file, config: parseConfig(text, file) };
  }
  return { file: null, config: {} };
}

/** Parses and validates config JSON text. Throws `ConfigError` naming the file and key path. */
export function parseConfig(text: string, file: string): GallraConfig {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new ConfigError('invalid-json', file, null, `not valid JSON: ${(error as Error).message}`, { cause: error });
  }
  return validateConfig(data, file);
}

export function validateConfig(data: unknown, file: string): GallraConfig {
  const fail = (keyPath: string | null, detail: string): never => {
    throw new ConfigError('invalid-value', file, keyPath, detail);
  };
  if (!isPlainObject(data)) return fail(null, 'the configuration must be a JSON object');
  rejectUnknownKeys(data, TOP_KEYS, '', file);
  const config: { -readonly [K in keyof GallraConfig]: GallraConfig[K] } = {};
  if (data.failOn !== undefined) {
    if (typeof data.failOn !== 'string' || !FAIL_ON.includes(data.failOn)) fail('failOn', `must be one of ${FAIL_ON.join(', ')}`);
    config.failOn = data.failOn as FailOn;
  }
  if (data.failOnTestNumbers !== undefined) {
    if (typeof data.failOnTestNumbers !== 'boolean') fail('failOnTestNumbers', 'must be true or false');
    config.failOnTestNumbers = data.failOnTestNumbers as boolean;
  }
  for (const key of ['fingerprintKey', 'fingerprintKeyEnv', 'baseline'] as const) {
    const value = data[key];
    if (value === undefined) continue;
    if (typeof value !== 'string' || value === '') fail(key, 'must be a non-empty string');
    config[key] = value as string;
  }
  if (config.fingerprintKeyEnv !== undefined && !/^[A-Za-z_][A-Za-z0-9_]*$/.test(config.fingerprintKeyEnv)) {
    fail('fingerprintKeyEnv', 'must be an environment variable name');
  }
  if (data.allow !== undefined) {
    const allow = data.allow;
    if (!isPlainObject(allow)) return fail('allow', 'must be an object');
    rejectUnknownKeys(allow, ALLOW_KEYS, 'allow.', file);
    const out: { -readonly [K in keyof AllowConfig]: AllowConfig[K] } = {};
    const paths = stringList(allow.paths, 'allow.paths', fail);
    if (paths) out.paths = paths;
    const fingerprints = stringList(allow.fingerprints, 'allow.fingerprints', fail);
    if (fingerprints) {
      fingerprints.forEach((fp, i) => {
        if (!/^[0-9a-f]{5,64}$/.test(fp)) fail(`allow.fingerprints[${i}]`, 'must be 5–64 lower-case hex characters (a fingerprint from a report, or its prefix)');
      });
      out.fingerprints = fingerprints;
    }
    const types = stringList(allow.types, 'allow.types', fail);
    if (types) {
      types.forEach((t, i) => {
        if (!/^[A-Z][A-Z0-9_]*$/.test(t)) fail(`allow.types[${i}]`, 'must be an entity type such as PERSONNUMMER');
      });
      out.types = types;
    }
    config.allow = out;
  }
  return config;
}

/** The fingerprint key: the config's own, else the environment variable it names (or the default one). */
export function fingerprintKeyFrom(config: GallraConfig, env: NodeJS.ProcessEnv): string | undefined {
  if (config.fingerprintKey) return config.fingerprintKey;
  const value = env[config.fingerprintKeyEnv ?? DEFAULT_FINGERPRINT_KEY_ENV];
  return value === undefined || value === '' ? undefined : value;
}

function stringList(value: unknown, keyPath: string, fail: (k: string, d: string) => never): string[] | undefined {
  if (value === undefined) return undefined;
  if (!Array.isArray(value)) return fail(keyPath, 'must be an array of strings');
  value.forEach((item, i) => {
    if (typeof item !== 'string' || item === '') fail(`${keyPath}[${i}]`, 'must be a non-empty string');
  });
  return value as string[];
}

function rejectUnknownKeys(obj: Record<string, unknown>, known: readonly string[], prefix: string, file: string): void {
  for (const key of Object.keys(obj)) {
    if (!known.includes(key)) {
      throw new ConfigError('unknown-key', file, `${prefix}${key}`, `unknown key; known keys: ${known.join(', ')}`);
    }
  }
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
