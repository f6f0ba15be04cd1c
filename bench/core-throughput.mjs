#!/usr/bin/env node
// Single-thread throughput of the @gallra/core identity-number detector on generated Swedish prose,
// compared in the same run with ripgrep searching the same bytes for a personnummer-shaped regex.
//
//   npm run build && node bench/core-throughput.mjs [--mb 16] [--runs 5] [--seed 20261207]
//
// Two corpora, generated from a seed (nothing is committed):
//   sparse — prose with one identity number per ~2 KB (a letter, a case note);
//   dense  — one identity number per ~100 bytes (a register, an export).
// Both hold the digits real text has: years, dates, amounts, phone numbers, case numbers.
// Prints MB/s (MB = 10^6 bytes of UTF-8), findings/s and ripgrep's MB/s. Not a pass/fail test.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { createDetector } from '@gallra/core';
import { createRng } from '../fixtures/accuracy/lib/rng.mjs';

const { values: args } = parseArgs({
  options: {
    mb: { type: 'string', default: '16' },
    runs: { type: 'string', default: '5' },
    seed: { type: 'string', default: '20261207' },
  },
});
const TARGET_BYTES = Number(args.mb) * 1e6;
const RUNS = Number(args.runs);
const NOW = new Date('2026-11-22T12:00:00Z');

/** The seeded mulberry32 generator of the accuracy corpus (one implementation for every corpus). */
const mulberry32 = (seed) => createRng(seed).next;

const WORDS = (
  'och att det som en på är av för med till den har de inte om ett han men var jag sig från vi så kan man när ' +
  'år säga hon skulle också efter ska bara eller nu vid mycket få kommunen beslut ärendet handläggaren ' +
  'socialtjänsten nämnden ansökan bistånd enligt lagen vårdnadshavare eleven skolan förskolan rektor ' +
  'utredning bedömning åtgärd insats hemtjänst omsorg boende sökanden klienten journal anteckning besök ' +
  'mottagning remiss läkare sjuksköterska patienten behandling uppföljning avtal faktura betalning belopp ' +
  'kronor leverantör underlag attest lönen semester anställning tjänst förvaltning protokoll paragraf ' +
  'sammanträde ordförande justering överklagande Göteborg Malmö Uppsala Västerås Örebro Linköping Jönköping'
).split(' ');
const NAMES = ['Anna Andersson', 'Lars Nilsson', 'Karin Johansson', 'Erik Larsson', 'Maria Svensson', 'Åsa Öberg', 'Björn Ström'];
const KEYWORDS = ['personnummer', 'pnr', 'Personnummer:', 'samordningsnummer', 'född'];

function luhnDigit(nine) {
  let sum = 0;
  for (let i = 0; i < 9; i++) {
    let v = nine.charCodeAt(i) - 48;
    if (i % 2 === 0) {
      v *= 2;
      if (v > 9) v -= 9;
    }
    sum += v;
  }
  return (10 - (sum % 10)) % 10;
}

function corpus(seed, bytesPerNumber) {
  const rnd = mulberry32(seed);
  const pick = (list) => list[Math.floor(rnd() * list.length)];
  const two = (n) => String(n).padStart(2, '0');
  const identity = () => {
    const year = 1930 + Math.floor(rnd() * 90);
    const nine = `${two(year % 100)}${two(1 + Math.floor(rnd() * 12))}${two(1 + Math.floor(rnd() * 28) + (rnd() < 0.1 ? 60 : 0))}${String(1 + Math.floor(rnd() * 998)).padStart(3, '0')}`;
    const ten = nine + luhnDigit(nine);
    const r = rnd();
    if (r < 0.45) return `${ten.slice(0, 6)}-${ten.slice(6)}`;
    if (r < 0.75) return `${Math.floor(year / 100)}${ten.slice(0, 6)}-${ten.slice(6)}`;
    if (r < 0.9) return `${Math.floor(year / 100)}${ten}`;
    return ten;
  };
  // Digits ordinary text has anyway.
  const noise = () => {
    const r = rnd();
    if (r < 0.3) return String(1990 + Math.floor(rnd() * 36));
    if (r < 0.55) return `${2000 + Math.floor(rnd() * 26)}-${two(1 + Math.floor(rnd() * 12))}-${two(1 + Math.floor(rnd() * 28))}`;
    if (r < 0.75) return `${Math.floor(rnd() * 90000)} kr`;
    if (r < 0.9) return `070-${Math.floor(100 + rnd() * 900)} ${two(Math.floor(rnd() * 100))} ${two(Math.floor(rnd() * 100))}`;
    return `Dnr KS ${2020 + Math.floor(rnd() * 6)}/${Math.floor(rnd() * 900)}`;
  };
  const parts = [];
  let size = 0;
  let untilNumber = bytesPerNumber * (0.5 + rnd());
  let numbers = 0;
  while (size < TARGET_BYTES) {
    let piece;
    if (untilNumber <= 0) {
      piece = rnd() < 0.5 ? `${pick(NAMES)}, ${pick(KEYWORDS)} ${identity()}, ` : `${identity()} `;
      untilNumber = bytesPerNumber * (0.5 + rnd());
      numbers++;
    } else if (rnd() < 0.03) {
      piece = `${noise()} `;
    } else {
      piece = pick(WORDS) + (rnd() < 0.08 ? '. ' : rnd() < 0.02 ? '.\n\n' : ' ');
    }
    parts.push(piece);
    size += piece.length;
    untilNumber -= piece.length;
  }
  // Join once so the detector gets a flat string, as it does from a decoded file.
  const text = parts.join('');
  return { text, numbers, bytes: Buffer.byteLength(text, 'utf8') };
}

function median(xs) {
  return [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
}

/** Median wall time and median CPU time of the runs (CPU time is steadier on a busy machine). */
function timed(run) {
  const wall = [];
  const cpu = [];
  let result;
  for (let r = 0; r < RUNS; r++) {
    const c0 = process.cpuUsage();
    const t0 = process.hrtime.bigint();
    result = run();
    wall.push(Number(process.hrtime.bigint() - t0) / 1e9);
    const c = process.cpuUsage(c0);
    cpu.push((c.user + c.system) / 1e6);
  }
  return { seconds: median(wall), cpuSeconds: median(cpu), result };
}

function measure(detector, text) {
  detector.detect(text); // warm-up: JIT and the lazily decoded test-number set
  const { seconds, cpuSeconds, result } = timed(() => detector.detect(text).length);
  return { seconds, cpuSeconds, findings: result };
}

/** How fast this machine runs a plain charCodeAt loop right now: a yardstick for the figures above. */
function calibrate() {
  const text = 'Socialnämnden beslutar att bevilja bistånd. '.repeat(200_000);
  let sum = 0;
  const { cpuSeconds } = timed(() => {
    for (let i = 0; i < text.length; i++) sum += text.charCodeAt(i);
  });
  return sum > 0 ? text.length / 1e6 / cpuSeconds : 0;
}

const RG_PATTERN = String.raw`(?-u:\b)(?:(?:18|19|20)?\d{6}[-+]?\d{4})(?-u:\b)`;
function ripgrep(file, bytes) {
  const version = spawnSync('rg', ['--version'], { encoding: 'utf8' });
  if (version.status !== 0) return undefined;
  const repeat = 5; // the same file several times, so process start-up is a small part
  const times = [];
  let matches = 0;
  for (let r = 0; r < RUNS; r++) {
    const t0 = process.hrtime.bigint();
    const out = spawnSync('rg', ['-j1', '--no-filename', '-c', '-o', RG_PATTERN, ...Array(repeat).fill(file)], { encoding: 'utf8' });
    times.push(Number(process.hrtime.bigint() - t0) / 1e9);
    matches = out.stdout.split('\n').filter(Boolean).reduce((a, l) => a + Number(l), 0) / repeat;
  }
  return { mbps: (bytes * repeat) / 1e6 / median(times), matches, version: version.stdout.split('\n')[0] };
}

const detector = createDetector({ now: NOW, fingerprintKey: 'bench-key' });
const dir = mkdtempSync(join(tmpdir(), 'gallra-core-bench-'));
console.log(`gallra core throughput — node ${process.version}, ${RUNS} runs (median), single thread, seed ${args.seed}`);
console.log(`machine yardstick: a plain charCodeAt loop runs at ${calibrate().toFixed(0)} M chars per CPU-second now`);
try {
  for (const [name, every] of [
    ['sparse (1 number / ~2 KB)', 2000],
    ['dense (1 number / ~100 B)', 100],
  ]) {
    const { text, numbers, bytes } = corpus(Number(args.seed) + every, every);
    const { seconds, cpuSeconds, findings } = measure(detector, text);
    const mb = bytes / 1e6;
    console.log(`\n${name}: ${mb.toFixed(1)} MB, ${numbers} numbers written`);
    console.log(
      `  @gallra/core  ${(mb / seconds).toFixed(1).padStart(7)} MB/s   (${(mb / cpuSeconds).toFixed(1)} MB per CPU-second)   ` +
        `${findings} findings, ${Math.round(findings / seconds).toLocaleString('en')} findings/s`,
    );
    const file = join(dir, `${every}.txt`);
    writeFileSync(file, text);
    const rg = ripgrep(file, bytes);
    if (rg) {
      console.log(`  ripgrep       ${rg.mbps.toFixed(1).padStart(7)} MB/s   ${rg.matches} shape matches (${rg.version}, -j1, regex only: no validation)`);
      console.log(`  core / ripgrep: ${((mb / seconds / rg.mbps) * 100).toFixed(0)} %`);
    } else {
      console.log('  ripgrep not installed (apt-get install -y ripgrep) — no reference figure');
    }
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
