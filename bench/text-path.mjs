#!/usr/bin/env node
// The per-file path of a text scan in ONE thread, split into what it costs, on an already generated corpus:
//   decode       — TextDecoder (what reading text cost before the utf8-bytes form)
//   latin1       — isUtf8 + Buffer#toString('latin1') (what the utf8-bytes form costs instead)
//   detect       — @gallra/core detect() on decoded text
//   detect-bytes — detect(…, { form: 'utf8-bytes' }) on the latin1 strings
//   scan         — scanContent({ bytes }): extract + detect + locate + report objects (what a worker runs)
// Figures are CPU seconds of this process (user + sys, best of --runs), less disturbed by other load than
// wall time; "scan − detect-bytes − latin1" is what the scanner adds around reading and detecting.
//
//   npx tsc -b && node bench/text-path.mjs --dir /tmp/gb-big/text [--runs 3] [--only scan,detect-bytes]
//   (corpus: node bench/generate-corpus.mjs --kind text --out /tmp/gb-big/text --mb 200)
import { isUtf8 } from 'node:buffer';
import { readFileSync, statSync } from 'node:fs';
import { loadavg } from 'node:os';

import { parseArgs } from 'node:util';
import { createDetector } from '@gallra/core';
import { scanContent } from '@gallra/scanner';
import { listFiles } from './lib/list-files.mjs';

const { values } = parseArgs({
  options: { dir: { type: 'string', default: '/tmp/gb-big/text' }, runs: { type: 'string', default: '3' }, only: { type: 'string' } },
});
const runs = Number(values.runs);
const only = values.only ? new Set(values.only.split(',')) : null;
const want = (stage) => !only || only.has(stage);

const files = listFiles(values.dir);
if (files.length === 0) {
  console.error(`no files under ${values.dir}`);
  process.exit(2);
}
const contents = files.map((f) => ({ name: f, bytes: readFileSync(f) }));
const totalBytes = files.reduce((sum, f) => sum + statSync(f).size, 0);

async function timeBest(label, fn) {
  let best = Infinity;
  let wall = Infinity;
  let last;
  for (let i = 0; i < runs; i++) {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    last = await fn();
    const c = process.cpuUsage(c0);
    wall = Math.min(wall, performance.now() - t0);
    best = Math.min(best, (c.user + c.system) / 1e6);
  }
  const mbps = totalBytes / 1e6 / best;
  console.log(`${label.padEnd(13)} ${best.toFixed(3).padStart(7)} CPU-s ${(wall / 1000).toFixed(3).padStart(7)} s wall ${mbps.toFixed(0).padStart(6)} MB/s${last === undefined ? '' : `  (${last})`}`);
}

console.log(`${files.length} files, ${(totalBytes / 1e6).toFixed(1)} MB, one thread, best of ${runs} · load ${loadavg().map((l) => l.toFixed(2)).join(' ')} · node ${process.version}`);
const now = '2026-12-07T12:00:00Z';
const detector = createDetector({ now: new Date(now), fingerprintKey: 'text-path' });
const decoder = new TextDecoder('utf-8', { fatal: true });
const texts = want('detect') ? contents.map((c) => decoder.decode(c.bytes)) : [];
const bytesForm = want('detect-bytes') ? contents.map((c) => c.bytes.toString('latin1')) : [];
if (want('decode')) await timeBest('decode', () => { for (const c of contents) decoder.decode(c.bytes); });
if (want('latin1')) await timeBest('latin1', () => { for (const c of contents) if (isUtf8(c.bytes)) c.bytes.toString('latin1'); });
const count = (list, form) => () => {
  let n = 0;
  for (const t of list) n += (form ? detector.detect(t, form) : detector.detect(t)).length;
  return `${n} findings`;
};
if (want('detect')) await timeBest('detect', count(texts));
if (want('detect-bytes')) await timeBest('detect-bytes', count(bytesForm, { form: 'utf8-bytes' }));
if (want('scan')) {
  const options = { now, fingerprintKey: 'text-path' };
  await timeBest('scan', async () => {
    let n = 0;
    for (const c of contents) n += (await scanContent({ name: c.name, size: c.bytes.length, bytes: c.bytes }, options)).findings.length;
    return `${n} findings`;
  });
}
