import { closeSync, createWriteStream, openSync, statSync } from 'node:fs';
import { isAbsolute, relative, resolve } from 'node:path';
import type { Writable } from 'node:stream';
import { finished } from 'node:stream/promises';
import { createWriter, scan, type Confidence, type ScanOptions, type ScanResult } from '@gallra/scanner/scan';
import { UsageError } from '../usage-error.js';
import { EXIT, type ExitCode } from '../exit-codes.js';
import { resolveFingerprintKey, type FingerprintKey } from '../fingerprint-key.js';
import type { CliIo } from '../main.js';
import { CLI_VERSION } from '../version.js';
import { limitsOf, type LimitFlags } from './limit-options.js';

/** The parsed flags of `gallra scan`, as commander gives them. */
export interface ScanFlags extends LimitFlags {
  readonly format: string;
  readonly output?: string;
  readonly reveal: boolean;
  readonly failOn: Confidence | 'none';
  readonly failOnTestNumbers: boolean;
  readonly exclude: readonly string[];
  readonly defaultExcludes: boolean;
  readonly fingerprintKeyFile?: string;
  readonly referenceDate?: string;
  readonly concurrency?: number;
  readonly jobs?: number;
  readonly include?: readonly string[];
  readonly gitignore?: boolean;
  readonly followSymlinks?: boolean;
  readonly oneFileSystem?: boolean;
  /** Seconds. */
  readonly fileTimeout?: number;
  readonly state?: string;
  readonly resume?: boolean;
  readonly order?: 'walk' | 'completion';
  readonly progress?: 'auto' | 'json' | 'none';
  readonly quiet?: boolean;
}

/** `gallra scan <paths...>`: checks the paths, resolves the key, scans, writes the report, returns the exit code. */
export async function scanCommand(paths: readonly string[], flags: ScanFlags, io: CliIo): Promise<ExitCode | typeof EXIT_INTERRUPTED> {
  for (const path of paths) checkPath(path);
  const key = resolveFingerprintKey({ ...(flags.fingerprintKeyFile !== undefined ? { keyFile: flags.fingerprintKeyFile } : {}), env: io.env });
  if (key.warning) io.stderr.write(`gallra: warning: ${key.warning}\n`);
  if (flags.resume && flags.state === undefined) throw new UsageError('--resume needs --state <file>');
  if (flags.state !== undefined) warnIfInsideRoots(flags.state, paths, io);
  const interrupt = interruptSignal(io);
  const options: ScanOptions = {
    ...toScanOptions(flags, key),
    progressStream: io.stderr,
    signal: interrupt.signal,
  };

  const out = flags.output === undefined ? io.stdout : openOutput(flags.output);
  const color = flags.format === 'text' && flags.output === undefined && io.stdout.isTTY === true && !io.env['NO_COLOR'];
  let result: ScanResult;
  try {
    result = await scan(paths, options, {
      writer: createWriter(flags.format, { out, color }),
      tool: { name: 'gallra', version: CLI_VERSION },
      reportOptions: { format: flags.format, fingerprintKeySource: key.source },
    });
  } finally {
    interrupt.dispose();
  }
  if (out !== io.stdout) {
    out.end();
    await finished(out);
  }
  return result.interrupted ? EXIT_INTERRUPTED : exitCode(result);
}

/** The only translation from flags to scanner options. Pure. */
export function toScanOptions(flags: ScanFlags, key: Pick<FingerprintKey, 'key'>): ScanOptions {
  return {
    reveal: flags.reveal,
    fingerprintKey: key.key,
    failOn: flags.failOn,
    failOnTestNumbers: flags.failOnTestNumbers,
    exclude: [...flags.exclude],
    // Never scan our own report when it is written inside a scanned folder.
    ...(flags.output !== undefined ? { skipFiles: [resolve(flags.output)] } : {}),
    defaultExcludes: flags.defaultExcludes,
    ...(flags.concurrency !== undefined ? { concurrency: flags.concurrency } : {}),
    ...(flags.jobs !== undefined ? { jobs: flags.jobs } : {}),
    ...(flags.include?.length ? { include: [...flags.include] } : {}),
    ...(flags.gitignore ? { gitignore: true } : {}),
    ...(flags.followSymlinks ? { followSymlinks: true } : {}),
    ...(flags.oneFileSystem ? { oneFileSystem: true } : {}),
    ...(flags.fileTimeout !== undefined ? { fileTimeoutMs: Math.round(flags.fileTimeout * 1000) } : {}),
    ...limitsOption(limitsOf(flags)),
    ...(flags.state !== undefined ? { statePath: flags.state, resume: flags.resume === true } : {}),
    ...(flags.order !== undefined ? { order: flags.order } : {}),
    ...(flags.quiet ? { progress: 'none' as const } : flags.progress !== undefined ? { progress: flags.progress } : {}),
    ...(flags.referenceDate !== undefined ? { now: parseReferenceDate(flags.referenceDate) } : {}),
  };
}

function limitsOption(limits: ReturnType<typeof limitsOf>): Pick<ScanOptions, 'limits'> {
  return Object.keys(limits).length > 0 ? { limits } : {};
}

/** The only place the scan's exit code is decided: 1 when a finding reached `--fail-on`, else 0. */
export function exitCode(result: Pick<ScanResult, 'summary'>): ExitCode {
  return (result.summary.failingFindings ?? 0) > 0 ? EXIT.findings : EXIT.ok;
}

/**
 * The state database must not be written into a tree being scanned (a scan never modifies what it
 * scans). It is always left out of the crawl; this warns so the user can move it.
 */
function warnIfInsideRoots(state: string, roots: readonly string[], io: CliIo): void {
  const db = resolve(state);
  for (const root of roots) {
    const rel = relative(resolve(root), db);
    if (rel !== '' && !rel.startsWith('..') && !isAbsolute(rel)) {
      io.stderr.write(`gallra: warning: --state ${state} is inside the scanned folder ${root}; it is skipped, but keep it elsewhere so the scan leaves the tree untouched\n`);
      return;
    }
  }
}

/** Exit status of a scan stopped by a signal (128 + SIGINT), as shells report it. */
const EXIT_INTERRUPTED = 130;

/**
 * Ctrl-C (SIGINT) or SIGTERM stops the crawl, lets in-flight files finish and ends the report; with
 * --state the scan can then be continued with --resume. A second signal exits at once.
 */
function interruptSignal(io: CliIo): { signal: AbortSignal; dispose(): void } {
  const controller = new AbortController();
  const onSignal = (signal: NodeJS.Signals) => {
    if (controller.signal.aborted) process.exit(EXIT_INTERRUPTED);
    io.stderr.write(`\ngallra: ${signal}: finishing files in progress (again to quit now)\n`);
    controller.abort();
  };
  process.on('SIGINT', onSignal).on('SIGTERM', onSignal);
  return {
    signal: controller.signal,
    dispose: () => process.off('SIGINT', onSignal).off('SIGTERM', onSignal),
  };
}

function checkPath(path: string): void {
  try {
    statSync(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new UsageError(`cannot scan ${JSON.stringify(path)}: ${code === 'ENOENT' ? 'no such file or folder' : code}`);
  }
}

function openOutput(file: string): Writable {
  // Open synchronously first so that a bad path is a usage error before scanning starts.
  try {
    closeSync(openSync(file, 'w'));
  } catch (error) {
    throw new UsageError(`cannot write the report to ${JSON.stringify(file)}: ${(error as NodeJS.ErrnoException).code ?? 'error'}`);
  }
  return createWriteStream(file, { flags: 'w' });
}

/** `YYYY-MM-DD` → ISO timestamp at noon UTC; a usage error for anything else or an impossible date. */
export function parseReferenceDate(text: string): string {
  const date = /^\d{4}-\d{2}-\d{2}$/.test(text) ? new Date(`${text}T12:00:00Z`) : new Date(Number.NaN);
  if (Number.isNaN(date.getTime()) || date.toISOString().slice(0, 10) !== text) {
    throw new UsageError(`--reference-date must be a date like 2026-01-31, not ${JSON.stringify(text)}`);
  }
  return date.toISOString();
}
