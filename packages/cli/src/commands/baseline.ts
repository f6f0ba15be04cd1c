import type { Command } from 'commander';
import type { CliIo } from '../main.js';
import { addSelectionOptions, type CiSelectionFlags } from './ci-flags.js';
import { addLimitOptions, type LimitFlags } from './limit-options.js';

/** The parsed flags of `gallra baseline`. */
export interface BaselineFlags extends CiSelectionFlags, LimitFlags {
  output?: string;
}

export const DEFAULT_BASELINE_FILE = '.gallra-baseline.json';

/**
 * Adds `gallra baseline`: scans like `gallra ci` and writes every finding that is not an official test
 * number or already accepted (inline, config) to a baseline file, so that later runs fail only on new
 * findings. The file is sorted and has no line numbers or timestamps: it does not churn.
 */
export function registerBaselineCommand(program: Command, io: CliIo, setExitCode: (code: number) => void): void {
  const command = program
    .command('baseline')
    .description('Write a baseline of the current findings so that `gallra ci --baseline` fails only on new ones.');
  // The same limits as `gallra ci`, so that a baseline covers what ci reads.
  addLimitOptions(addSelectionOptions(command))
    .option('-o, --output <file>', `baseline file to write (default: config "baseline", else ${DEFAULT_BASELINE_FILE} at the repository root)`)
    .action(async (flags: BaselineFlags) => {
      // Loaded only when `baseline` runs (it scans like `gallra ci`).
      const { runBaselineCommand } = await import('./baseline-run.js');
      setExitCode(await runBaselineCommand(flags, io));
    });
}
