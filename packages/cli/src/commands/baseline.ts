import { writeFile } from 'node:fs/promises';
import { relative, resolve } from 'node:path';
import { Writable } from 'node:stream';
import type { Command } from 'commander';
import { createBaseline, createWriter, formatBaseline, runCi, type BaselineCandidate } from '@gallra/scanner/ci';
import { EXIT } from '../exit-codes.js';
import type { CliIo } from '../main.js';
import { UsageError } from '../usage-error.js';
import { CLI_VERSION } from '../version.js';
import { addSelectionOptions, asUsageError, modeOf, resolveContext, type CiSelectionFlags } from './ci-flags.js';

interface BaselineFlags extends CiSelectionFlags {
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
  addSelectionOptions(command)
    .option('-o, --output <file>', `baseline file to write (default: config "baseline", else ${DEFAULT_BASELINE_FILE} at the repository root)`)
    .action(async (flags: BaselineFlags) => {
      setExitCode(await runBaselineCommand(flags, io));
    });
}

async function runBaselineCommand(flags: BaselineFlags, io: CliIo): Promise<number> {
  const mode = modeOf(flags);
  const context = await resolveContext(flags, io.env);
  const configured = context.config.config.baseline;
  const file =
    flags.output !== undefined
      ? resolve(context.cwd, flags.output)
      : configured
        ? resolve(context.config.file ? resolve(context.config.file, '..') : context.repo.root, configured)
        : resolve(context.repo.root, DEFAULT_BASELINE_FILE);
  const discard = new Writable({ write: (_chunk, _enc, done) => done() });
  const result = await asUsageError(() =>
    runCi(
      {
        cwd: context.cwd,
        mode,
        ...(context.fingerprintKey ? { fingerprintKey: context.fingerprintKey } : {}),
        ...(context.config.config.allow ? { allow: context.config.config.allow } : {}),
        ...(context.now ? { now: context.now } : {}),
        failOn: 'none',
      },
      { writer: createWriter('json', { out: discard }), tool: { name: 'gallra', version: CLI_VERSION } },
    ),
  );
  const accepted: BaselineCandidate[] = [];
  for (const report of result.filesWithFindings) {
    for (const finding of report.findings) {
      if (finding.testNumber || finding.suppression) continue;
      accepted.push({ path: report.path, type: finding.type, fingerprint: finding.fingerprint });
    }
  }
  const baseline = createBaseline(accepted, context.fingerprintKey);
  try {
    await writeFile(file, formatBaseline(baseline));
  } catch (error) {
    throw new UsageError(`cannot write the baseline to ${JSON.stringify(file)}: ${(error as NodeJS.ErrnoException).code ?? 'error'}`);
  }
  const shown = relative(context.cwd, file) || file;
  io.stderr.write(
    `gallra: wrote ${baseline.entries.length} baseline entr${baseline.entries.length === 1 ? 'y' : 'ies'} to ${shown}` +
      ` (${baseline.fingerprints} fingerprints${baseline.fingerprints === 'public' ? '; set GALLRA_FINGERPRINT_KEY for keyed ones' : ''}).\n`,
  );
  if (result.incomplete) io.stderr.write(`gallra: warning: ${result.summary.errors} file(s) could not be read and are not in the baseline.\n`);
  return EXIT.ok;
}
