import { createWriteStream, openSync, closeSync, statSync } from 'node:fs';
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
  concurrency: number;
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
    .addOption(new Option('--concurrency <n>', 'files scanned at the same time').argParser(positiveInt).default(4))
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
    concurrency: flags.concurrency,
    ...(now ? { now } : {}),
  };
  const result = await scan(paths, options, {
    writer: createWriter(format, { out, color }),
    tool: { name: 'gallra', version: CLI_VERSION },
    reportOptions: { format, fingerprintKeySource: fingerprint.source },
  });
  if (out !== io.stdout) {
    out.end();
    await finished(out);
  }
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

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

function positiveInt(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > 256) throw new InvalidArgumentError('must be a whole number from 1 to 256');
  return n;
}
