import { writeFile } from 'node:fs/promises';
import { relative, resolve } from 'node:path';
import { Writable } from 'node:stream';
import { createBaseline, createWriter, formatBaseline, runCi, type BaselineCandidate } from '@gallra/scanner/ci';
import { EXIT } from '../exit-codes.js';
import type { CliIo } from '../main.js';
import { UsageError } from '../usage-error.js';
import { CLI_VERSION } from '../version.js';
import { DEFAULT_BASELINE_FILE, type BaselineFlags } from './baseline.js';
import { asUsageError, modeOf, resolveContext } from './ci-context.js';
import { limitsOf } from './limit-options.js';

/** `gallra baseline`: scans like `gallra ci` and writes the accepted findings to the baseline file. */
export async function runBaselineCommand(flags: BaselineFlags, io: CliIo): Promise<number> {
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
        limits: limitsOf(flags),
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
