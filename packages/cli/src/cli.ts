import { Command, InvalidArgumentError, Option } from './commander.js';
// The writers entry point: building the program loads no scanner, CI mode, git or detector; each
// command's module is imported when it runs.
import { FILE_TIME_LIMIT_DEFAULTS, REPORT_SCHEMA_VERSION, writerNames } from '@gallra/scanner/writers';
import { registerBaselineCommand } from './commands/baseline.js';
import { registerCiCommand } from './commands/ci.js';
import { addLimitOptions } from './commands/limit-options.js';
import type { CliIo } from './main.js';
import type { ScanFlags } from './commands/scan.js';
import { CLI_VERSION } from './version.js';

/**
 * Builds the commander program: `scan` (its module is imported only when it runs), `ci` and `baseline`.
 * `setExitCode` receives the command's exit code; commander's own errors are mapped in `main`.
 */
export function createProgram(io: CliIo, setExitCode: (code: number) => void): Command {
  const program = new Command('gallra')
    .description('Find Swedish personal data (personnummer, samordningsnummer) in files and folders.')
    .version(`${CLI_VERSION} (report schema ${REPORT_SCHEMA_VERSION})`, '-V, --version')
    .exitOverride()
    .showHelpAfterError('(run with --help for usage)')
    .configureOutput({
      writeOut: (s) => io.stdout.write(s),
      writeErr: (s) => io.stderr.write(s),
    });

  const scan = program
    .command('scan')
    .description('Scan files and folders for personnummer and samordningsnummer.')
    .argument('<paths...>', 'files and folders to scan')
    .addOption(new Option('-f, --format <format>', 'output format').choices(writerNames()).default('text'))
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
    .option(
      '--fingerprint-key-file <file>',
      'file holding the secret fingerprint key (default: $GALLRA_FINGERPRINT_KEY, else the installation key)',
    )
    .option('--reference-date <date>', 'date (YYYY-MM-DD) for century inference and future-date checks (default: today)')
    .addOption(new Option('-j, --jobs <n>', 'worker threads (default: number of cores)').argParser(positiveInt))
    .addOption(new Option('--concurrency <n>', 'old name of --jobs').argParser(positiveInt).hideHelp())
    .option('-i, --include <glob>', 'scan only files matching the glob (repeatable)', collect, [] as string[])
    .option('--gitignore', 'also honour .gitignore files (.gallraignore files are always honoured)', false)
    .option('--follow-symlinks', 'follow symbolic links to folders (links to files are always scanned)', false)
    .option('--one-file-system', 'do not cross into other file systems below a root', false)
    .addOption(
      new Option('--file-timeout <seconds>', 'give up on a file after this long, plus 1 s per MiB of its size (reason: timeout)')
        .argParser(positiveSeconds)
        .default(FILE_TIME_LIMIT_DEFAULTS.timeoutMs / 1000),
    );
  addLimitOptions(scan)
    .option('--state <file>', 'SQLite state for incremental scans: unchanged files are not read again; reports new/changed/fixed')
    .option('--resume', 'continue the interrupted scan recorded in --state', false)
    .addOption(new Option('--order <order>', 'report files in walk order or as they finish').choices(['walk', 'completion']).default('walk'))
    .addOption(new Option('--progress <mode>', 'progress on stderr: auto (a line on a terminal), json (NDJSON), none').choices(['auto', 'json', 'none']).default('auto'))
    .option('-q, --quiet', 'no progress output', false)
    .action(async (paths: string[], flags: ScanFlags) => {
      const { scanCommand } = await import('./commands/scan.js');
      setExitCode(await scanCommand(paths, flags, io));
    });

  registerCiCommand(program, io, setExitCode);
  registerBaselineCommand(program, io, setExitCode);
  return program;
}

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

function positiveSeconds(value: string): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0 || n > 86_400) throw new InvalidArgumentError('must be a number of seconds from 0 to 86400');
  return n;
}

function positiveInt(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > 256) throw new InvalidArgumentError('must be a whole number from 1 to 256');
  return n;
}
