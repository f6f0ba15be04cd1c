import { createInterface } from 'node:readline/promises';
import { applyFixPlans, planFixes, type CiResult, type FixTarget } from '@gallra/scanner/ci';
import type { CliIo } from '../main.js';
import type { CiContext } from './ci-context.js';

export interface FixFlags {
  readonly yes: boolean;
  /** `--staged`: the fixed files must be staged again. */
  readonly staged: boolean;
}

export interface FixOutcome {
  readonly replaced: number;
  readonly refusedFiles: number;
}

/**
 * `gallra ci --fix`: after the scan, rewrite the failing real numbers in the working-tree text files into
 * official Skatteverket test numbers of the same form. Lists the plan (old values masked; the new ones
 * are public test numbers), asks for confirmation unless `--yes`, and reports refused files (documents,
 * binaries) without touching them.
 */
export async function runFix(result: CiResult, context: CiContext, flags: FixFlags, io: CliIo): Promise<FixOutcome> {
  const byPath = new Map<string, Set<string>>();
  const formats = new Map<string, string>();
  for (const file of result.filesWithFindings) {
    for (const finding of file.findings) {
      if (finding.testNumber || finding.suppression || !isFailing(result, finding.confidence)) continue;
      let set = byPath.get(file.path);
      if (!set) byPath.set(file.path, (set = new Set()));
      set.add(finding.fingerprint);
      formats.set(file.path, file.format);
    }
  }
  const targets: FixTarget[] = [...byPath].map(([path, fps]) => ({ path, fingerprints: [...fps] }));
  if (targets.length === 0) {
    io.stderr.write('gallra: --fix: nothing to rewrite.\n');
    return { replaced: 0, refusedFiles: 0 };
  }
  const now = context.now ? new Date(context.now) : new Date();
  const plans = await planFixes(targets, { root: context.repo.root, now, formats, ...(context.fingerprintKey ? { fingerprintKey: context.fingerprintKey } : {}) });
  const lines: string[] = [];
  let planned = 0;
  for (const plan of plans) {
    if (plan.refused) {
      lines.push(`  ${plan.path}: not rewritten: ${plan.refused.message}`);
      continue;
    }
    for (const change of plan.changes) {
      lines.push(`  ${plan.path}:${change.line}:${change.column}  ${change.masked} → ${change.replacement} (official test number)`);
      planned++;
    }
  }
  io.stderr.write(`gallra: --fix plan:\n${lines.join('\n')}\n`);
  const refusedFiles = plans.filter((p) => p.refused).length;
  if (planned === 0) return { replaced: 0, refusedFiles };
  if (!flags.yes && !(await confirm(`Rewrite ${planned} number${planned === 1 ? '' : 's'} in the working tree? [y/N] `, io))) {
    io.stderr.write('gallra: --fix: nothing was changed.\n');
    return { replaced: 0, refusedFiles };
  }
  const replaced = await applyFixPlans(plans, context.repo.root);
  io.stderr.write(
    `gallra: --fix: replaced ${replaced} number${replaced === 1 ? '' : 's'} with official test numbers` +
      `${flags.staged ? '; stage the files again (git add) and commit' : ''}.\n`,
  );
  return { replaced, refusedFiles };
}

function isFailing(result: CiResult, confidence: string): boolean {
  const failOn = result.failOn;
  if (failOn === 'none') return true; // --fail-on none: --fix still rewrites what it was asked to
  const rank: Record<string, number> = { low: 1, medium: 2, high: 3 };
  return (rank[confidence] ?? 0) >= (rank[failOn] ?? 2);
}

async function confirm(question: string, io: CliIo): Promise<boolean> {
  const rl = createInterface({ input: process.stdin, output: io.stderr });
  try {
    const answer = await rl.question(question);
    return /^y(es)?$/i.test(answer.trim());
  } finally {
    rl.close();
  }
}
