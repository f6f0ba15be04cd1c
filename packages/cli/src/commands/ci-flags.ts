import { Option, type Command } from '../commander.js';
// Only the option definitions live here, loaded for every command; what the commands do with the
// flags is in ci-context.ts, loaded when `ci`, `baseline` or `fix` runs.
import { writerNames } from '@gallra/scanner/writers';

/** Flags shared by `gallra ci`, `gallra baseline` and `gallra fix`: what to scan and how. */
export interface CiSelectionFlags {
  staged?: boolean;
  since?: string;
  range?: string;
  history?: boolean;
  config?: string;
  fingerprintKeyFile?: string;
  referenceDate?: string;
  cwd?: string;
}

/** Adds the mode and configuration options to a command. */
export function addSelectionOptions(command: Command): Command {
  return command
    .option('--staged', 'scan only the lines added in the staged changes (pre-commit)')
    .option('--since <rev>', 'scan the lines added by the commits after <rev> up to HEAD (pull requests)')
    .option('--range <A..B>', 'scan the lines added by the commits in A..B')
    .option('--history', 'scan every blob in the whole history, each once')
    .option('-C, --cwd <dir>', 'run in <dir> instead of the current directory')
    .option('-c, --config <file>', 'configuration file (default: .gallra.json or gallra.config.json at the repository root)')
    .option('--fingerprint-key-file <file>', 'file holding the fingerprint key (else config, else $GALLRA_FINGERPRINT_KEY)')
    .option('--reference-date <date>', 'date (YYYY-MM-DD) used to infer centuries (default: today)');
}

/** Adds the output options (format, file) to a command. */
export function addOutputOptions(command: Command): Command {
  return command
    .addOption(new Option('-f, --format <format>', 'output format (default: text)').choices(writerNames()))
    .option('-o, --output <file>', 'write the report to a file instead of standard output');
}
