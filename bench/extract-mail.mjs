#!/usr/bin/env node
// E-mail throughput: a generated mailbox (mbox) of realistic Swedish mail — quoted-printable and base64
// bodies, HTML alternatives, quoted replies, signatures, `>From ` escaping, csv/docx attachments — read
// by gallra and by references in the same run:
//   grep -c '^From '           counting the messages in the raw file (the floor for reading the bytes)
//   rg -c <pnr regex>          searching the raw bytes for number shapes (no MIME decoding at all)
//   splitter                   gallra's mbox splitter alone (messages, no MIME parsing)
//   extract                    extract(): split + MIME parse + charsets + HTML to text + attachments
//   extract + detect           the above plus @gallra/core detect() on every segment
//   gallra scan --jobs 1       the whole product path (CLI, worker, report written to /dev/null)
// Each step runs in its own process; figures: wall and CPU seconds, MB/s and messages/s (on wall
// time), peak RSS of the process tree. Not a pass/fail test.
//
//   npx tsc -b && node bench/extract-mail.mjs [--mb 100] [--dir /tmp/gallra-bench-mail] [--runs 1]
import { spawnSync } from 'node:child_process';
import { createReadStream, existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeMailbox } from './lib/mailbox.mjs';
import { best } from './lib/measure.mjs';

const args = process.argv.slice(2);
const option = (name, fallback) => (args.includes(name) ? args[args.indexOf(name) + 1] : fallback);
const root = join(import.meta.dirname, '..');

// ------------------------------------------------------------------ child modes (one measured process each)
if (args[0] === '--child') {
  const [, mode, file, out] = args;
  const result = await child(mode, file);
  writeFileSync(out, JSON.stringify(result));
  process.exit(0);
}

async function child(mode, file) {
  if (mode === 'split') {
    const { MboxSplitter } = await import(join(root, 'packages/extractors/dist/mail/mbox-splitter.js'));
    const splitter = new MboxSplitter(64 * 1024 * 1024);
    let messages = 0;
    for await (const chunk of createReadStream(file, { highWaterMark: 1 << 20 })) messages += splitter.push(chunk).length;
    messages += splitter.end().length;
    return { messages };
  }
  const { extract } = await import('@gallra/extractors');
  const { detect } = await import('@gallra/core');
  const size = statSync(file).size;
  const x = await extract({ name: file, path: file, size, open: () => createReadStream(file) }, { limits: { maxFileBytes: Math.max(size, 512 * 1024 * 1024) } });
  let messages = 0;
  let segments = 0;
  let problems = 0;
  let findings = 0;
  for await (const e of x.events) {
    if (e.kind === 'problem') {
      problems++;
      continue;
    }
    segments++;
    if (e.segment.member.length === 0 && e.segment.place.kind === 'mail') messages = Math.max(messages, e.segment.place.message);
    if (mode === 'detect') for (const f of detect(e.segment.text, { now: new Date('2026-12-01') })) if (f.personal) findings++;
  }
  return { messages, segments, problems, findings };
}

// ------------------------------------------------------------------ run
const mb = Number(option('--mb', 100));
const dir = option('--dir', '/tmp/gallra-bench-mail');
const runs = Number(option('--runs', 1));
mkdirSync(dir, { recursive: true });
const file = join(dir, `mail-${mb}mb.mbox`);
const metaFile = `${file}.json`;
let meta;
if (existsSync(file) && existsSync(metaFile)) meta = JSON.parse(readFileSync(metaFile, 'utf8'));
else {
  meta = writeMailbox(file, mb * 1024 * 1024);
  writeFileSync(metaFile, JSON.stringify(meta));
}
const size = statSync(file).size;
console.log(`mailbox ${file}: ${(size / 1e6).toFixed(1)} MB, ${meta.messages} messages, ${meta.planted} numbers planted (bodies and attachments)\n`);

const rows = [];
async function step(label, command, commandArgs, result) {
  const r = await best(runs, command, commandArgs, { okCodes: [0, 1] });
  const s = r.wallMs / 1000;
  rows.push(`| ${label} | ${s.toFixed(2)} | ${(r.cpuMs / 1000).toFixed(2)} | ${(size / 1e6 / s).toFixed(1)} | ${Math.round(meta.messages / s)} | ${Math.round(r.peakRssMb)} | ${result()} |`);
}
const out = join(dir, 'child.json');
const childResult = (keys) => () => {
  const r = JSON.parse(readFileSync(out, 'utf8'));
  return keys.map((k) => `${k} ${r[k]}`).join(', ');
};
const PNR = '(?-u:\\b)(?:19|20)?\\d{6}[-+ ]?\\d{4}(?-u:\\b)';

await step("`grep -c '^From '` (reference)", 'grep', ['-c', '^From ', file], () => `${spawnSync('grep', ['-c', '^From ', file]).stdout.toString().trim()} separators`);
if (spawnSync('rg', ['--version']).status === 0) {
  await step('`rg -c <pnr regex>` raw bytes (reference)', 'rg', ['-c', PNR, file], () => `${spawnSync('rg', ['-c', PNR, file]).stdout.toString().trim()} lines with a number shape (undecoded)`);
}
await step('splitter alone', process.execPath, [import.meta.filename, '--child', 'split', file, out], childResult(['messages']));
await step('extract()', process.execPath, [import.meta.filename, '--child', 'extract', file, out], childResult(['messages', 'segments', 'problems']));
await step('extract() + detect()', process.execPath, [import.meta.filename, '--child', 'detect', file, out], childResult(['messages', 'findings']));
const cli = join(root, 'packages/cli/bin.js');
await step('`gallra scan --jobs 1` (JSON to /dev/null)', 'bash', ['-c', `node ${cli} scan "${file}" --jobs 1 --quiet --fail-on none --format json > /dev/null`], () => 'whole product path');

console.log('| step | wall s | CPU s | MB/s | messages/s | peak RSS MB | result |');
console.log('|---|---:|---:|---:|---:|---:|---|');
for (const row of rows) console.log(row);
