// Preload (`node --import ./bench/lib/thread-cpu.mjs …`) that reports, when the process exits, the
// CPU time of the main thread, of each worker thread and of all other threads (V8 compiler and GC
// helpers, libuv), from Linux /proc (10 ms ticks). Sampled every 100 ms so that worker threads which
// end before the process (scan workers) are counted too. One JSON line on stderr:
//   {"threadCpu":{"mainMs":…,"workersMs":[…],"helpersMs":…,"wallMs":…}}
// Workers inherit the preload through their execArgv and announce their thread id on a
// BroadcastChannel, so nothing is guessed.
import { readdirSync, readFileSync, readlinkSync } from 'node:fs';
import { BroadcastChannel, isMainThread } from 'node:worker_threads';

const CHANNEL = 'gallra-bench-thread-cpu';

if (process.platform === 'linux' && !isMainThread) {
  const channel = new BroadcastChannel(CHANNEL);
  channel.postMessage(readlinkSync('/proc/thread-self').split('/').pop());
  channel.close();
} else if (process.platform === 'linux') {
  const started = process.hrtime.bigint();
  const cpu = new Map();
  const workers = new Set();
  const channel = new BroadcastChannel(CHANNEL);
  channel.onmessage = (event) => workers.add(String(event.data));
  channel.unref();
  const sample = () => {
    for (const tid of readdirSync('/proc/self/task')) {
      try {
        const stat = readFileSync(`/proc/self/task/${tid}/stat`, 'utf8');
        const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
        cpu.set(tid, (Number(fields[11]) + Number(fields[12])) * 10);
      } catch {
        // The thread ended between listing and reading.
      }
    }
  };
  setInterval(sample, 100).unref();
  process.on('exit', () => {
    sample();
    let mainMs = 0;
    let helpersMs = 0;
    const workersMs = [];
    for (const [tid, ms] of cpu) {
      if (tid === String(process.pid)) mainMs = ms;
      else if (workers.has(tid)) workersMs.push(ms);
      else helpersMs += ms;
    }
    const wallMs = Math.round(Number(process.hrtime.bigint() - started) / 1e6);
    process.stderr.write(`${JSON.stringify({ threadCpu: { mainMs, workersMs, helpersMs, wallMs } })}\n`);
  });
}
