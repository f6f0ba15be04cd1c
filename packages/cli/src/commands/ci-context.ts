import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import {
  ConfigError,
  fingerprintKeyFrom,
  GitError,
  loadBaseline,
  loadConfig,
  openRepository,
  type Baseline,
  type CiMode,
  type FailOn,
  type LoadedConfig,
  type Repository,
} from '@gallra/scanner/ci';
import { UsageError } from '../usage-error.js';
import type { CiSelectionFlags } from './ci-flags.js';

/** The mode the flags select; more than one mode is a usage error. */
export function modeOf(flags: CiSelectionFlags): CiMode {
  const chosen = [flags.staged && '--staged', flags.since !== undefined && '--since', flags.range !== undefined && '--range', flags.history && '--history'].filter(
    (x): x is string => typeof x === 'string',
  );
  if (chosen.length > 1) throw new UsageError(`choose one of ${chosen.join(', ')}`);
  if (flags.staged) return { kind: 'staged' };
  if (flags.history) return { kind: 'history' };
  if (flags.since !== undefined) return { kind: 'commits', from: nonEmpty(flags.since, '--since'), to: 'HEAD' };
  if (flags.range !== undefined) {
    const m = flags.range.includes('...') ? null : /^(.+?)\.\.(.*)$/.exec(flags.range);
    if (!m || m[1] === '') throw new UsageError(`--range needs the form A..B (B defaults to HEAD), not ${JSON.stringify(flags.range)}`);
    return { kind: 'commits', from: m[1]!, to: m[2] === '' ? 'HEAD' : m[2]! };
  }
  return { kind: 'tracked' };
}

function nonEmpty(value: string, flag: string): string {
  if (value.trim() === '') throw new UsageError(`${flag} needs a revision`);
  return value;
}

/** The repository, its configuration and the fingerprint key, or a usage error (exit 2). */
export interface CiContext {
  readonly cwd: string;
  readonly repo: Repository;
  readonly config: LoadedConfig;
  readonly fingerprintKey: string | undefined;
  readonly now: string | undefined;
}

export async function resolveContext(flags: CiSelectionFlags, env: NodeJS.ProcessEnv): Promise<CiContext> {
  const cwd = resolve(flags.cwd ?? '.');
  return asUsageError(async () => {
    const repo = await openRepository(cwd);
    const config = await loadConfig(repo.root, flags.config);
    let fingerprintKey = fingerprintKeyFrom(config.config, env);
    if (flags.fingerprintKeyFile !== undefined) {
      try {
        fingerprintKey = readFileSync(flags.fingerprintKeyFile, 'utf8').trim();
      } catch (error) {
        throw new UsageError(`cannot read the fingerprint key file: ${(error as NodeJS.ErrnoException).code ?? 'error'}`);
      }
      if (fingerprintKey === '') throw new UsageError('the fingerprint key file is empty');
    }
    const now = flags.referenceDate === undefined ? undefined : parseReferenceDate(flags.referenceDate);
    return { cwd, repo, config, fingerprintKey, now };
  });
}

/** Loads the baseline named by `--baseline` or by the config (relative to the config file's folder). */
export async function resolveBaseline(flag: string | false | undefined, context: CiContext): Promise<Baseline | undefined> {
  if (flag === false) return undefined;
  const configured = context.config.config.baseline;
  const file = flag !== undefined ? resolve(context.cwd, flag) : configured ? resolve(context.config.file ? resolve(context.config.file, '..') : context.repo.root, configured) : undefined;
  if (file === undefined) return undefined;
  return asUsageError(() => loadBaseline(file, context.fingerprintKey));
}

export function failOnOf(flag: string | undefined, config: LoadedConfig): FailOn {
  return (flag ?? config.config.failOn ?? 'medium') as FailOn;
}

/** Runs `fn`, turning git and configuration errors into usage errors (exit 2) with their message. */
export async function asUsageError<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (error) {
    if (error instanceof GitError || error instanceof ConfigError) throw new UsageError(error.message);
    throw error;
  }
}

function parseReferenceDate(text: string): string {
  const date = /^\d{4}-\d{2}-\d{2}$/.test(text) ? new Date(`${text}T12:00:00Z`) : new Date(Number.NaN);
  if (Number.isNaN(date.getTime()) || date.toISOString().slice(0, 10) !== text) {
    throw new UsageError(`--reference-date must be a date like 2026-01-31, not ${JSON.stringify(text)}`);
  }
  return date.toISOString();
}
