#!/usr/bin/env node
// A/B timing of two @gallra/core builds on the same preloaded corpus, runs interleaved (A B A B …) so
// that load from other processes hits both alike. Reports the best and median CPU seconds of detect()
// over all files, per build and form. Use it to judge a detector change on a busy machine.
//
//   npx tsc -b && node bench/core-ab.mjs --a /tmp/core-base/dist/index.js [--b packages/core/dist/index.js]
//                     [--dir /tmp/gb-big/text] [--runs 5] [--limit-mb 200] [--form text|utf8-bytes|both]
import { readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { listFiles } from './lib/list-files.mjs';

const { values } = parseArgs({
  options: {
    a: { type: 'string' },
    b: { type: 'string', default: 'packages/core/dist/index.js' },
    dir: { type: 'string', default: '/tmp/gb-big/text' },
    runs: { type: 'string', default: '5' },
    'limit-mb': { type: 'string', default: '200' },
    form: { type: 'string', default: 'text' },
  },
});

const limit = Number(values['limit-mb']) * 1e6;
const buffers = [];
let total = 0;
for (const f of listFiles(values.dir, { hidden: true }).sort()) {
  if (total >= limit) break;
  const b = readFileSync(f);
  buffers.push(b);
  total += b.length;
}
const decoder = new TextDecoder('utf-8', { fatal: true });
const texts = buffers.map((b) => decoder.decode(b));
const byteTexts = buffers.map((b) => b.latin1Slice(0, b.length));

const builds = [];
for (const [name, path] of [['A', values.a], ['B', values.b]]) {
  if (!path) continue;
  const core = await import(pathToFileURL(resolve(path)).href);
  const detector = core.createDetector({ now: new Date('2026-12-07T12:00:00Z'), fingerprintKey: 'ab' });
  if (values.form === 'text' || values.form === 'both') builds.push({ label: `${name} text`, run: () => texts.reduce((n, t) => n + detector.detect(t).length, 0), cpu: [] });
  if (values.form === 'utf8-bytes' || values.form === 'both') {
    const call = { form: 'utf8-bytes' };
    builds.push({ label: `${name} utf8-bytes`, run: () => byteTexts.reduce((n, t) => n + detector.detect(t, call).length, 0), cpu: [] });
  }
}
console.log(`${buffers.length} files, ${(total / 1e6).toFixed(1)} MB · load ${loadavg().map((l) => l.toFixed(1)).join(' ')}`);
const counts = new Map();
for (let r = 0; r < Number(values.runs); r++) {
  for (const b of builds) {
    const c0 = process.cpuUsage();
    counts.set(b.label, b.run());
    const c = process.cpuUsage(c0);
    b.cpu.push((c.user + c.system) / 1e6);
  }
}
for (const b of builds) {
  const sorted = [...b.cpu].sort((x, y) => x - y);
  console.log(`${b.label.padEnd(14)} best ${sorted[0].toFixed(3)} s  median ${sorted[Math.floor(sorted.length / 2)].toFixed(3)} s CPU  (${(total / 1e6 / sorted[0]).toFixed(0)} MB/CPU-s, ${counts.get(b.label)} findings)`);
}
