// Runs a command and measures wall time and the peak resident memory of its whole process tree
// (sampled from /proc every 25 ms: the process, its threads' memory and any child processes).
import { spawn } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';

function rssKb(pid) {
  try {
    const m = /VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) : 0;
  } catch {
    return 0;
  }
}

function children(pid) {
  const out = [];
  try {
    for (const tid of readdirSync(`/proc/${pid}/task`)) {
      const list = readFileSync(`/proc/${pid}/task/${tid}/children`, 'utf8').trim();
      if (list) out.push(...list.split(/\s+/).map(Number));
    }
  } catch {
    // the process ended
  }
  return out;
}

function treeRssKb(pid) {
  let total = 0;
  const stack = [pid];
  while (stack.length) {
    const p = stack.pop();
    total += rssKb(p);
    stack.push(...children(p));
  }
  return total;
}

/**
 * @param {string} command
 * @param {string[]} args
 * @param {{ cwd?: string, env?: NodeJS.ProcessEnv, okCodes?: number[] }} [options]
 * @returns {Promise<{ wallMs: number, peakRssMb: number, code: number, stderr: string }>}
 */
export function measure(command, args, options = {}) {
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint();
    const child = spawn(command, args, { cwd: options.cwd, env: options.env ?? process.env, stdio: ['ignore', 'ignore', 'pipe'] });
    let peak = 0;
    let stderr = '';
    child.stderr.on('data', (d) => {
      if (stderr.length < 20_000) stderr += d;
    });
    const timer = setInterval(() => {
      peak = Math.max(peak, treeRssKb(child.pid));
    }, 25);
    child.on('error', reject);
    child.on('close', (code) => {
      clearInterval(timer);
      const wallMs = Number(process.hrtime.bigint() - started) / 1e6;
      const ok = options.okCodes ?? [0];
      if (!ok.includes(code ?? -1)) {
        reject(new Error(`${command} ${args.join(' ')} exited with ${code}\n${stderr}`));
        return;
      }
      resolve({ wallMs, peakRssMb: peak / 1024, code: code ?? -1, stderr });
    });
  });
}

/** Best (lowest wall time) of `runs` measurements; peak RSS is the maximum over the runs. */
export async function best(runs, command, args, options) {
  let result = null;
  let peak = 0;
  for (let i = 0; i < runs; i++) {
    const r = await measure(command, args, options);
    peak = Math.max(peak, r.peakRssMb);
    if (!result || r.wallMs < result.wallMs) result = r;
  }
  return { ...result, peakRssMb: peak };
}
