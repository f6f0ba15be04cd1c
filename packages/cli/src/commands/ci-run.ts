import { closeSync, createWriteStream, openSync } from 'node:fs';
import type { Writable } from 'node:stream';
import { finished } from 'node:stream/promises';
import { createWriter, runCi, type CiResult } from '@gallra/scanner/ci';
import { EXIT } from '../exit-codes.js';
import type { CliIo } from '../main.js';
import { UsageError } from '../usage-error.js';
import { CLI_VERSION } from '../version.js';
import type { CiFlags } from './ci.js';
import { limitsOf } from './limit-options.js';
import { asUsageError, failOnOf, modeOf, resolveBaseline, resolveContext } from './ci-context.js';

/** `gallra ci`: scans what the flags select, writes the report, optionally fixes, returns the exit code. */
export async function runCiCommand(flags: CiFlags, io: CliIo): Promise<number> {
  const mode = modeOf(flags);
  if (flags.yes && !flags.fix) throw new UsageError('--yes only applies to --fix');
  if (flags.fix && mode.kind === 'history') {
    throw new UsageError('--fix rewrites the working tree, not history: run it without --history (rewrite history with git filter-repo)');
  }
  if (flags.fix && !flags.yes && process.stdin.isTTY !== true) throw new UsageError('--fix asks before rewriting files: add --yes when not run in a terminal');
  const context = await resolveContext(flags, io.env);
  const baseline = await resolveBaseline(flags.baseline, context);
  const format = flags.format ?? 'text';
  const out = flags.output === undefined ? io.stdout : openOutput(flags.output);
  const color = format === 'text' && flags.output === undefined && io.stdout.isTTY === true && !io.env['NO_COLOR'];
  const failOnTestNumbers = flags.failOnTestNumbers ?? context.config.config.failOnTestNumbers ?? false;
  const result: CiResult = await asUsageError(() =>
    runCi(
      {
        cwd: context.cwd,
        mode,
        ...(context.fingerprintKey ? { fingerprintKey: context.fingerprintKey } : {}),
        ...(context.config.config.allow ? { allow: context.config.config.allow } : {}),
        ...(baseline ? { baseline } : {}),
        ...(flags.reveal ? { reveal: true } : {}),
        ...(context.now ? { now: context.now } : {}),
        failOn: failOnOf(flags.failOn, context.config),
        failOnTestNumbers,
        ...(flags.jobs !== undefined ? { jobs: flags.jobs } : {}),
        limits: limitsOf(flags),
      },
      {
        writer: createWriter(format, { out, color }),
        tool: { name: 'gallra', version: CLI_VERSION },
        reportOptions: { format, config: context.config.file !== null },
      },
    ),
  );
  if (out !== io.stdout) {
    out.end();
    await finished(out);
  }
  if (result.failed && format === 'text' && !flags.fix) {
    io.stderr.write(
      'gallra: to resolve: remove the numbers, or replace them with official test numbers (`gallra ci --fix`); ' +
        'accept one with a `gallra:allow` comment on its line, or all current ones with `gallra baseline` (docs/ci.md).\n',
    );
  }
  if (flags.fix) {
    // The exit code still reports what was scanned; for --staged the fixed files must be staged again.
    const { runFix } = await import('./fix.js');
    await runFix(result, context, { yes: flags.yes === true, staged: mode.kind === 'staged' }, io);
  }
  return ciExitCode(result, flags.failOnError === true);
}

/**
 * The one place `gallra ci` decides its exit code. "Found" (1) and "broke" (3) never share a code;
 * when both happen, 1 wins: the findings need action whether or not the rest could be read.
 */
export function ciExitCode(result: Pick<CiResult, 'failed' | 'incomplete'>, failOnError: boolean): number {
  if (result.failed) return EXIT.findings;
  if (failOnError && result.incomplete) return EXIT.incomplete;
  return EXIT.ok;
}

function openOutput(file: string): Writable {
  let fd: number;
  try {
    fd = openSync(file, 'w');
  } catch (error) {
    throw new UsageError(`cannot write the report to ${JSON.stringify(file)}: ${(error as NodeJS.ErrnoException).code ?? 'error'}`);
  }
  closeSync(fd);
  return createWriteStream(file, { flags: 'w' });
}
