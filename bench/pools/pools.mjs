#!/usr/bin/env node
// Compares the worker-pool candidates on this machine: per-task throughput and what happens when a
// task's worker exits or hangs. Usage: node bench/pools/pools.mjs [--tasks 2000]
import { createRequire } from 'node:module';
import { availableParallelism } from 'node:os';
import { parseArgs } from 'node:util';

const { values } = parseArgs({ options: { tasks: { type: 'string', default: '2000' } } });
const TASKS = Number(values.tasks);
const threads = availableParallelism();
const task = new URL('./task.mjs', import.meta.url).href;
const require = createRequire(import.meta.url);
const results = [];

/** Settles within `ms` or reports that it did not. */
function within(promise, ms) {
  const started = performance.now();
  return Promise.race([
    promise.then(
      () => `resolved after ${Math.round(performance.now() - started)} ms`,
      (e) => `rejected after ${Math.round(performance.now() - started)} ms (${String(e?.message ?? e).slice(0, 50)})`,
    ),
    new Promise((r) => setTimeout(() => r(`still pending after ${ms} ms`), ms)),
  ]);
}

async function throughput(run, tasks = TASKS) {
  await Promise.all(Array.from({ length: threads * 2 }, () => run({ kind: 'scan' }))); // warm up
  const started = performance.now();
  await Promise.all(Array.from({ length: tasks }, () => run({ kind: 'scan' })));
  return (performance.now() - started) / tasks;
}

{
  const { Piscina } = require('piscina');
  const pool = new Piscina({ filename: task, minThreads: threads, maxThreads: threads });
  const perTask = await throughput((t) => pool.run(t));
  const exit = await within(pool.run({ kind: 'exit' }), 3000);
  const hang = await within(pool.run({ kind: 'hang' }, { signal: AbortSignal.timeout(1000) }), 3000);
  const after = await within(pool.run({ kind: 'scan' }), 3000);
  results.push({ pool: 'piscina 5.3.2', perTaskMs: perTask, exit, hang, after });
  await pool.destroy();
}
{
  const { Tinypool } = await import('tinypool');
  const pool = new Tinypool({ filename: task, minThreads: threads, maxThreads: threads });
  const perTask = await throughput((t) => pool.run(t));
  const exit = await within(pool.run({ kind: 'exit' }), 3000);
  const hang = await within(pool.run({ kind: 'hang' }, { signal: AbortSignal.timeout(1000) }), 3000);
  // A further task here ends the process with Node's "unsettled top-level await" (exit 13): the pool
  // keeps nothing alive while its lost task stays pending. Not measured.
  results.push({ pool: 'tinypool 2.2.0', perTaskMs: perTask, exit, hang, after: 'not measured (see comment)' });
  void pool.destroy().catch(() => {});
}
{
  const Pool = require('worker-threads-pool');
  const pool = new Pool({ max: threads });
  const wtpScript = new URL('./wtp-task.mjs', import.meta.url);
  const run = (t) =>
    new Promise((resolve, reject) =>
      pool.acquire(wtpScript, { workerData: t }, (err, worker) => {
        if (err) return reject(err);
        worker.once('message', resolve).once('error', reject).once('exit', (code) => code !== 0 && reject(new Error(`exit ${code}`)));
      }),
    );
  const perTask = await throughput((t) => run(t), Math.ceil(TASKS / 20)); // a thread per task: slow
  const exit = await within(run({ kind: 'exit' }), 3000);
  results.push({ pool: 'worker-threads-pool 2.0.0', perTaskMs: perTask, exit, hang: 'no timeout or abort support', after: '(a new worker per task)' });
  pool.destroy?.();
}

console.log(`${TASKS} tasks "regex-scan a 16 KB string" on ${threads} threads; then a task that calls process.exit(1), one that hangs (1 s abort signal), and a normal task after both.\n`);
for (const r of results) {
  console.log(`${r.pool}\n  ${r.perTaskMs.toFixed(3)} ms/task\n  process.exit: ${r.exit}\n  hang:         ${r.hang}\n  next task:    ${r.after}\n`);
}
process.exit(0); // a pool that lost track of a dead worker may keep the process alive
