// Runs a command and measures wall time, CPU time (user + system of the command and everything it
// waited for, from bash's `times`) and the peak resident memory of its whole process tree (sampled
// from /proc every 25 ms: the process, its threads' memory and any child processes).
// CPU seconds are the steadier figure on a shared machine: other load stretches wall time, not work.
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
 * @returns {Promise<{ wallMs: number, cpuMs: number, peakRssMb: number, code: number, stderr: string }>}
 */
export function measure(command, args, options = {}) {
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint();
    // bash runs the command as its child, then prints the children's CPU times on fd 3 (a pipe of ours).
    const script = '"$@"; code=$?; times >&3; exit $code';
    const child = spawn('bash', ['-c', script, 'bash', command, ...args], {
      cwd: options.cwd,
      env: options.env ?? process.env,
      stdio: ['ignore', 'ignore', 'pipe', 'pipe'],
    });
    let times = '';
    child.stdio[3].on('data', (d) => {
      times += d;
    });
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
      resolve({ wallMs, cpuMs: childCpuMs(times), peakRssMb: peak / 1024, code: code ?? -1, stderr });
    });
  });
}

/** User + system ms of the children from bash's `times` output (its second line: `0m1.234s 0m0.056s`). */
function childCpuMs(times) {
  const line = times.trim().split('\n')[1] ?? '';
  let ms = 0;
  for (const m of line.matchAll(/(\d+)m([\d.]+)s/g)) ms += (Number(m[1]) * 60 + Number(m[2])) * 1000;
  return ms;
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
