import { InvalidArgumentError, Option, type Command } from '../commander.js';
import type { CliIo } from '../main.js';
import { addOutputOptions, addSelectionOptions, type CiSelectionFlags } from './ci-flags.js';
import { addLimitOptions, type LimitFlags } from './limit-options.js';

/** The parsed flags of `gallra ci`, as commander gives them. */
export interface CiFlags extends CiSelectionFlags, LimitFlags {
  format?: string;
  output?: string;
  baseline?: string | false;
  failOn?: string;
  failOnTestNumbers?: boolean;
  failOnError?: boolean;
  reveal?: boolean;
  fix?: boolean;
  yes?: boolean;
  jobs?: number;
}

/**
 * Adds `gallra ci`: scan what git tracks (default), stages (`--staged`) or commits (`--since`,
 * `--range`, `--history`). Exit 0 clean, 1 findings at or above the threshold, 2 usage/config/git error,
 * 3 scan incomplete with `--fail-on-error`.
 */
export function registerCiCommand(program: Command, io: CliIo, setExitCode: (code: number) => void): void {
  const command = program
    .command('ci')
    .description('Scan a git repository in CI or before a commit: tracked files, staged changes, commits or the whole history.');
  addSelectionOptions(command);
  addOutputOptions(command)
    .option('--baseline <file>', 'accept the findings listed in this baseline (or JSON report); default: config "baseline"')
    .option('--no-baseline', 'ignore the configured baseline')
    .addOption(new Option('--fail-on <confidence>', 'exit 1 when a finding has at least this confidence (default: config, else medium)').choices(['high', 'medium', 'low', 'none']))
    .option('--fail-on-test-numbers', "let Skatteverket's official test numbers fail the run too")
    .option('--fail-on-error', 'exit 3 when a file or blob could not be read (scan incomplete)')
    .option('--reveal', 'print full normalised numbers (authorised use only); default is masked')
    .addOption(new Option('--jobs <n>', 'worker threads scanning content while git is read (default 0: the main thread)').argParser(jobCount));
  addLimitOptions(command)
    .option('--fix', 'rewrite the failing real numbers in working-tree text files to official test numbers of the same form')
    .option('-y, --yes', 'with --fix: rewrite without asking')
    .action(async (flags: CiFlags) => {
      // Loaded only when `ci` runs: the CI mode, git and the detector are not needed to define the command.
      const { runCiCommand } = await import('./ci-run.js');
      setExitCode(await runCiCommand(flags, io));
    });
}

function jobCount(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 64) throw new InvalidArgumentError('must be a whole number from 0 to 64');
  return n;
}
