#!/usr/bin/env node
// End-to-end throughput of `gallra scan` (the built CLI: walk, extract, detect, locate, JSON report)
// on a generated tree of Swedish text files, compared in the same run with ripgrep searching the same
// tree for a personnummer-shaped regex.
//
//   npm run build && node bench/scan-throughput.mjs [--files 1000] [--kb 20] [--runs 3] [--seed 20261207]
//
// The tree (generated from a seed into a temporary folder, removed afterwards) holds `--files` UTF-8
// text files of about `--kb` KB each: prose with an identity number every ~2 KB plus phone numbers,
// dates and amounts. Prints MB/s (MB = 10^6 bytes), files/s and peak RSS (from /usr/bin/time when it
// exists) for the median run of each tool. Not a pass/fail test.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { createRng } from '../fixtures/accuracy/lib/rng.mjs';

const { values: args } = parseArgs({
  options: {
    files: { type: 'string', default: '1000' },
    kb: { type: 'string', default: '20' },
    runs: { type: 'string', default: '3' },
    seed: { type: 'string', default: '20261207' },
  },
});
const FILES = Number(args.files);
const BYTES_PER_FILE = Number(args.kb) * 1000;
const RUNS = Number(args.runs);
const BIN = join(import.meta.dirname, '..', 'packages', 'cli', 'bin.js');

/** The seeded mulberry32 generator of the accuracy corpus (one implementation for every corpus). */
const mulberry32 = (seed) => createRng(seed).next;
const random = mulberry32(Number(args.seed));
const pick = (list) => list[Math.floor(random() * list.length)];
const WORDS = (
  'och att det som en på är av för med till den har de inte om ett kommunen beslut ärendet handläggaren ' +
  'socialtjänsten nämnden ansökan bistånd enligt lagen vårdnadshavare eleven skolan rektor utredning ' +
  'bedömning åtgärd insats hemtjänst omsorg boende journal anteckning besök remiss läkare patienten ' +
  'faktura betalning belopp kronor lönen semester anställning protokoll Göteborg Malmö Uppsala Örebro'
).split(' ');

/** A valid personnummer (date + Luhn) generated from the seed: never a committed real number. */
function personnummer() {
  const year = 1940 + Math.floor(random() * 70);
  const month = 1 + Math.floor(random() * 12);
  const day = 1 + Math.floor(random() * 28);
  const birth = String(Math.floor(random() * 1000)).padStart(3, '0');
  const nine = `${String(year).slice(2)}${String(month).padStart(2, '0')}${String(day).padStart(2, '0')}${birth}`;
  let sum = 0;
  for (let i = 0; i < 9; i++) {
    const v = Number(nine[i]) * (i % 2 === 0 ? 2 : 1);
    sum += v > 9 ? v - 9 : v;
  }
  const ten = `${nine}${(10 - (sum % 10)) % 10}`;
  return random() < 0.5 ? `${ten.slice(0, 6)}-${ten.slice(6)}` : `${String(year).slice(0, 2)}${ten}`;
}

function document(bytes) {
  const parts = [];
  let size = 0;
  while (size < bytes) {
    let sentence = Array.from({ length: 8 + Math.floor(random() * 12) }, () => pick(WORDS)).join(' ');
    const r = random();
    if (r < 0.08) sentence += ` personnummer ${personnummer()}`;
    else if (r < 0.12) sentence += ` tel 070-${Math.floor(100 + random() * 900)} ${Math.floor(10 + random() * 90)} ${Math.floor(10 + random() * 90)}`;
    else if (r < 0.2) sentence += ` den 2026-0${1 + Math.floor(random() * 9)}-1${Math.floor(random() * 9)}, ${Math.floor(random() * 100000)} kr`;
    sentence += '.\n';
    parts.push(sentence);
    size += Buffer.byteLength(sentence);
  }
  return parts.join('');
}

function timed(command, argv, env) {
  const useTime = existsSync('/usr/bin/time');
  const rssFile = join(tmpdir(), `gallra-bench-rss-${process.pid}`);
  const start = process.hrtime.bigint();
  const run = useTime
    ? spawnSync('/usr/bin/time', ['-f', '%M', '-o', rssFile, command, ...argv], { env, stdio: ['ignore', 'ignore', 'pipe'] })
    : spawnSync(command, argv, { env, stdio: ['ignore', 'ignore', 'pipe'] });
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  const rssKb = useTime ? Number(readFileSync(rssFile, 'utf8').trim().split('\n').pop()) : NaN;
  if (useTime) rmSync(rssFile, { force: true });
  return { seconds, rssKb, status: run.status };
}

function median(runs) {
  return [...runs].sort((a, b) => a.seconds - b.seconds)[Math.floor(runs.length / 2)];
}

const dir = mkdtempSync(join(tmpdir(), 'gallra-scan-bench-'));
try {
  let total = 0;
  for (let i = 0; i < FILES; i++) {
    const sub = join(dir, `avd${i % 20}`);
    mkdirSync(sub, { recursive: true });
    const text = document(BYTES_PER_FILE);
    writeFileSync(join(sub, `dokument-${i}.txt`), text);
    total += Buffer.byteLength(text);
  }
  const env = { ...process.env, GALLRA_FINGERPRINT_KEY: 'bench-key', NO_COLOR: '1' };
  const report = join(tmpdir(), `gallra-bench-report-${process.pid}.json`);
  const gallra = [];
  const rg = [];
  for (let r = 0; r < RUNS; r++) {
    gallra.push(timed(process.execPath, [BIN, 'scan', dir, '--format', 'json', '--output', report, '--fail-on', 'none'], env));
    rg.push(timed('rg', ['-c', '--no-messages', '\\b(\\d{2})?\\d{6}[-+]?\\d{4}\\b', dir], env));
  }
  const findings = JSON.parse(readFileSync(report, 'utf8')).summary.findings;
  rmSync(report, { force: true });
  const mb = total / 1e6;
  const line = (name, m) =>
    `${name.padEnd(12)} ${(mb / m.seconds).toFixed(1).padStart(7)} MB/s ${(FILES / m.seconds).toFixed(0).padStart(7)} files/s ` +
    `${m.seconds.toFixed(2).padStart(6)} s  peak RSS ${Number.isNaN(m.rssKb) ? 'n/a' : `${(m.rssKb / 1024).toFixed(0)} MB`}  exit ${m.status}`;
  console.log(`corpus: ${FILES} files, ${mb.toFixed(1)} MB, ${findings} findings reported by gallra; median of ${RUNS} runs`);
  console.log(line('gallra scan', median(gallra)));
  console.log(line('ripgrep', median(rg)));
} finally {
  rmSync(dir, { recursive: true, force: true });
}
