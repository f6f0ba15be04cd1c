#!/usr/bin/env node
// Per-file path of a text scan in ONE thread, split into its stages, on the engine bench's text corpus:
//   read     — readFileSync of every file (page cache warm)
//   decode   — UTF-8 decoding alone (TextDecoder, fatal)
//   detect   — @gallra/core detect() on the decoded text alone
//   scan     — scanContent({ bytes }) — extract + detect + locate + report objects (what a worker runs)
//   clone    — structuredClone of the per-file results (what crossing the worker boundary costs)
// so "scan − detect" is what the scanner adds around the detector.
//
//   npm run build && node bench/scan-profile.mjs [--dir /tmp/gallra-bench/text] [--runs 3]
//   (generate the corpus first: node bench/generate-corpus.mjs --kind text --out /tmp/gallra-bench/text --mb 20)
// Add `--cpu-prof` to node to get a profile of the whole per-file path. Not a pass/fail test.
import { readFileSync, statSync } from 'node:fs';
import { loadavg } from 'node:os';

import { parseArgs } from 'node:util';
import { createDetector } from '@gallra/core';
import { scanContent } from '@gallra/scanner';
import { listFiles } from './lib/list-files.mjs';

const { values } = parseArgs({
  options: {
    dir: { type: 'string', default: '/tmp/gallra-bench/text' },
    runs: { type: 'string', default: '3' },
    only: { type: 'string' },
  },
});
const runs = Number(values.runs);
const only = values.only ? new Set(values.only.split(',')) : null;
const want = (stage) => !only || only.has(stage);


const files = listFiles(values.dir);
const totalBytes = files.reduce((sum, f) => sum + statSync(f).size, 0);
if (files.length === 0) {
  console.error(`no files under ${values.dir}: generate the corpus first (see the header of this script)`);
  process.exit(2);
}
const contents = files.map((f) => ({ name: f, bytes: readFileSync(f) }));

async function timeBest(label, fn) {
  let bestMs = Infinity;
  let last;
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    last = await fn();
    bestMs = Math.min(bestMs, performance.now() - t0);
  }
  const mbps = totalBytes / 1e6 / (bestMs / 1000);
  console.log(`${label.padEnd(8)} ${(bestMs / 1000).toFixed(3).padStart(7)} s  ${mbps.toFixed(1).padStart(7)} MB/s${last === undefined ? '' : `  (${last})`}`);
  return bestMs;
}

console.log(`${files.length} files, ${(totalBytes / 1e6).toFixed(1)} MB, one thread, best of ${runs} · load ${loadavg().map((l) => l.toFixed(2)).join(' ')} · node ${process.version}`);
const now = '2026-12-07T12:00:00Z';
const options = { now, fingerprintKey: 'scan-profile' };

if (want('read')) await timeBest('read', () => { for (const f of files) readFileSync(f); });
const decoder = new TextDecoder('utf-8', { fatal: true });
const texts = contents.map((c) => decoder.decode(c.bytes));
if (want('decode')) await timeBest('decode', () => { for (const c of contents) new TextDecoder('utf-8', { fatal: true }).decode(c.bytes); });
if (want('detect')) {
  const detector = createDetector({ now: new Date(now), fingerprintKey: 'scan-profile' });
  await timeBest('detect', () => {
    let n = 0;
    for (const t of texts) n += detector.detect(t).length;
    return `${n} candidates`;
  });
}
let reports = [];
if (want('scan')) {
  await timeBest('scan', async () => {
    reports = [];
    let n = 0;
    for (const c of contents) {
      const report = await scanContent({ name: c.name, size: c.bytes.length, bytes: c.bytes }, options);
      n += report.findings.length;
      reports.push(report);
    }
    return `${n} findings`;
  });
}
if (want('clone') && reports.length > 0) await timeBest('clone', () => { for (const r of reports) structuredClone(r); });
