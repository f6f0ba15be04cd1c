import { createWriteStream, openSync, closeSync, statSync } from 'node:fs';
import { isAbsolute, relative, resolve } from 'node:path';
import type { Writable } from 'node:stream';
import { finished } from 'node:stream/promises';
import { Command, InvalidArgumentError, Option } from 'commander';
import { createWriter, scan, writerNames, type Confidence, type ScanOptions } from '@gallra/scanner';
import { resolveFingerprintKey } from '../fingerprint-key.js';
import { EXIT } from '../exit-codes.js';
import type { CliIo } from '../main.js';
import { CLI_VERSION } from '../version.js';
import { UsageError } from '../usage-error.js';

interface ScanFlags {
  format?: string;
  output?: string;
  reveal?: boolean;
  failOn: Confidence | 'none';
  failOnTestNumbers?: boolean;
  exclude: string[];
  defaultExcludes: boolean;
  fingerprintKeyFile?: string;
  referenceDate?: string;
  concurrency?: number;
  jobs?: number;
  include: string[];
  gitignore?: boolean;
  followSymlinks?: boolean;
  oneFileSystem?: boolean;
  fileTimeout?: number;
  state?: string;
  resume?: boolean;
  order: 'walk' | 'completion';
  progress?: 'auto' | 'json' | 'none';
  quiet?: boolean;
}

/** Adds `gallra scan <paths...>`; `setExitCode` receives 0 or 1 when a scan completes. */
export function registerScanCommand(program: Command, io: CliIo, setExitCode: (code: number) => void): void {
  program
    .command('scan')
    .description('Scan files and folders for personnummer and samordningsnummer.')
    .argument('<paths...>', 'files and folders to scan')
    .addOption(new Option('-f, --format <format>', 'output format (default: text)').choices(writerNames()))
    .option('-o, --output <file>', 'write the report to a file instead of standard output')
    .option('--reveal', 'print full normalised numbers (authorised use only); default is masked', false)
    .addOption(
      new Option('--fail-on <confidence>', 'exit 1 when a finding has at least this confidence')
        .choices(['high', 'medium', 'low', 'none'])
        .default('medium'),
    )
    .option('--fail-on-test-numbers', "let Skatteverket's official test numbers fail the scan too", false)
    .option('-e, --exclude <glob>', 'skip paths matching the glob (repeatable)', collect, [] as string[])
    .option('--no-default-excludes', 'also scan node_modules, .git and other tool folders')
    .option('--fingerprint-key-file <file>', 'file holding the secret fingerprint key (else $GALLRA_FINGERPRINT_KEY, else the installation key)')
    .option('--reference-date <date>', 'date (YYYY-MM-DD) used to infer centuries and reject future dates (default: today)')
    .addOption(new Option('-j, --jobs <n>', 'worker threads (default: number of cores)').argParser(positiveInt))
    .addOption(new Option('--concurrency <n>', 'old name of --jobs').argParser(positiveInt).hideHelp())
    .option('-i, --include <glob>', 'scan only files matching the glob (repeatable)', collect, [] as string[])
    .option('--gitignore', 'also honour .gitignore files (.gallraignore files are always honoured)')
    .option('--follow-symlinks', 'follow symbolic links to folders (links to files are always scanned)')
    .option('--one-file-system', 'do not cross into other file systems below a root')
    .addOption(new Option('--file-timeout <seconds>', 'give up on a file after this long (reason: timeout)').argParser(positiveSeconds))
    .option('--state <file>', 'SQLite state for incremental scans: unchanged files are not read again; reports new/changed/fixed')
    .option('--resume', 'continue the interrupted scan recorded in --state')
    .addOption(new Option('--order <order>', 'report files in walk order or as they finish').choices(['walk', 'completion']).default('walk'))
    .addOption(new Option('--progress <mode>', 'progress on stderr: auto (a line on a terminal), json (NDJSON), none').choices(['auto', 'json', 'none']))
    .option('-q, --quiet', 'no progress output')
    .action(async (paths: string[], flags: ScanFlags) => {
      setExitCode(await runScan(paths, flags, io));
    });
}

async function runScan(paths: string[], flags: ScanFlags, io: CliIo): Promise<number> {
  for (const path of paths) {
    try {
      statSync(path);
    } catch (error) {
      throw new UsageError(`cannot scan ${JSON.stringify(path)}: ${(error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file or folder' : (error as NodeJS.ErrnoException).code}`);
    }
  }
  if (flags.resume && flags.state === undefined) throw new UsageError('--resume needs --state <file>');
  if (flags.state !== undefined) warnIfInsideRoots(flags.state, paths, io);
  const interrupt = interruptSignal(io);
  const now = flags.referenceDate === undefined ? undefined : parseReferenceDate(flags.referenceDate);
  const fingerprint = resolveFingerprintKey({ ...(flags.fingerprintKeyFile !== undefined ? { keyFile: flags.fingerprintKeyFile } : {}), env: io.env });
  if (fingerprint.warning) io.stderr.write(`gallra: warning: ${fingerprint.warning}\n`);

  const format = flags.format ?? 'text';
  const out = flags.output === undefined ? io.stdout : openOutput(flags.output);
  const color = format === 'text' && flags.output === undefined && io.stdout.isTTY === true && !io.env['NO_COLOR'];
  const options: ScanOptions = {
    reveal: flags.reveal === true,
    fingerprintKey: fingerprint.key,
    failOn: flags.failOn,
    failOnTestNumbers: flags.failOnTestNumbers === true,
    exclude: flags.exclude,
    defaultExcludes: flags.defaultExcludes,
    ...((flags.jobs ?? flags.concurrency) !== undefined ? { jobs: (flags.jobs ?? flags.concurrency)! } : {}),
    ...(flags.include.length ? { include: flags.include } : {}),
    ...(flags.gitignore ? { gitignore: true } : {}),
    ...(flags.followSymlinks ? { followSymlinks: true } : {}),
    ...(flags.oneFileSystem ? { oneFileSystem: true } : {}),
    ...(flags.fileTimeout !== undefined ? { fileTimeoutMs: flags.fileTimeout * 1000 } : {}),
    ...(flags.state !== undefined ? { statePath: flags.state, resume: flags.resume === true } : {}),
    order: flags.order,
    progress: flags.quiet ? 'none' : (flags.progress ?? 'auto'),
    progressStream: io.stderr,
    signal: interrupt.signal,
    ...(now ? { now } : {}),
  };
  let result: Awaited<ReturnType<typeof scan>>;
  try {
    result = await scan(paths, options, {
      writer: createWriter(format, { out, color }),
      tool: { name: 'gallra', version: CLI_VERSION },
      reportOptions: { format, fingerprintKeySource: fingerprint.source },
    });
  } finally {
    interrupt.dispose();
  }
  if (out !== io.stdout) {
    out.end();
    await finished(out);
  }
  if (result.interrupted) return EXIT_INTERRUPTED;
  return result.failed ? EXIT.findings : EXIT.ok;
}

function openOutput(file: string): Writable {
  // Open synchronously first so that a bad path is a usage error before scanning starts.
  let fd: number;
  try {
    fd = openSync(file, 'w');
  } catch (error) {
    throw new UsageError(`cannot write the report to ${JSON.stringify(file)}: ${(error as NodeJS.ErrnoException).code ?? 'error'}`);
  }
  closeSync(fd);
  return createWriteStream(file, { flags: 'w' });
}

function parseReferenceDate(text: string): string {
  const date = /^\d{4}-\d{2}-\d{2}$/.test(text) ? new Date(`${text}T12:00:00Z`) : new Date(Number.NaN);
  if (Number.isNaN(date.getTime()) || date.toISOString().slice(0, 10) !== text) {
    throw new UsageError(`--reference-date must be a date like 2026-01-31, not ${JSON.stringify(text)}`);
  }
  return date.toISOString();
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

/** Exit status of a scan stopped by a signal (128 + SIGINT), as shells report it. */
const EXIT_INTERRUPTED = 130;

function positiveSeconds(value: string): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0 || n > 86_400) throw new InvalidArgumentError('must be a number of seconds from 0 to 86400');
  return n;
}

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

function positiveInt(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > 256) throw new InvalidArgumentError('must be a whole number from 1 to 256');
  return n;
}
