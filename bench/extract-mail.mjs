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
import { docx, p } from '../fixtures/generate/ooxml.mjs';
import { personnummer, rng } from './document-corpus.mjs';
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

// ------------------------------------------------------------------ corpus
const WORDS = 'och att det som en på är av för med till den har de inte om ett men var jag sig från vi så kan man när år också efter eller nu där vid mot ska skulle kommer får finns vara hade alla andra mycket här då sedan över bara även vad två utan genom kommun ärende handläggare beslut ansökan bilaga yttrande protokoll personal lön tjänst förskola vårdnadshavare'.split(' ');
const NAMES = ['Anna', 'Erik', 'Maria', 'Lars', 'Karin', 'Johan', 'Åsa', 'Per', 'Eva', 'Björn', 'Ingrid', 'Sven'];
const SURNAMES = ['Andersson', 'Johansson', 'Karlsson', 'Nilsson', 'Eriksson', 'Larsson', 'Olsson', 'Persson', 'Svensson', 'Gustafsson'];

function qp(text) {
  const out = [];
  for (const line of text.split('\n')) {
    let encoded = '';
    let width = 0;
    for (const b of Buffer.from(line, 'utf8')) {
      const token = (b >= 0x21 && b <= 0x7e && b !== 0x3d) || b === 0x20 ? String.fromCharCode(b) : `=${b.toString(16).toUpperCase().padStart(2, '0')}`;
      if (width + token.length > 75) {
        encoded += '=\n';
        width = 0;
      }
      encoded += token;
      width += token.length;
    }
    out.push(encoded.replace(/ $/, '=20'));
  }
  return out.join('\n');
}
const b64 = (bytes) => Buffer.from(bytes).toString('base64').replace(/.{76}/g, '$&\n');

function makeMailbox(file, targetBytes) {
  const rand = rng(4711);
  const pick = (list) => list[Math.floor(rand() * list.length)];
  const person = () => `${pick(NAMES)} ${pick(SURNAMES)}`;
  const address = (name) => `${name.toLowerCase().replace(/å/g, 'a').replace(/ö/g, 'o').replace(' ', '.')}@example.se`;
  const sentence = (n = 12) => {
    const w = Array.from({ length: n }, () => pick(WORDS));
    w[0] = w[0][0].toUpperCase() + w[0].slice(1);
    return `${w.join(' ')}.`;
  };
  const dashed = (n) => `${n.slice(0, 8)}-${n.slice(8)}`;
  const chunks = [];
  let bytes = 0;
  let messages = 0;
  let planted = 0;
  while (bytes < targetBytes) {
    messages++;
    const from = person();
    const to = person();
    const lines = [`Hej ${to.split(' ')[0]},`, ''];
    const paragraphs = 2 + Math.floor(rand() * 8);
    for (let i = 0; i < paragraphs; i++) {
      if (rand() < 0.35) {
        planted++;
        lines.push(`${sentence(6)} Det gäller ${person()}, ${dashed(personnummer(rand))}.`);
      } else lines.push(sentence(10 + Math.floor(rand() * 20)));
      if (rand() < 0.05) lines.push('From now on we write in English, says the next line.');
    }
    lines.push('', 'Vänliga hälsningar', from, 'Handläggare, Testkommunen', 'Tel 08-123 456 78');
    if (rand() < 0.4) {
      lines.push('', `Den 3 dec. 2026 skrev ${to} <${address(to)}>:`);
      for (let i = 0; i < 4; i++) lines.push(`> ${sentence(12)}`);
    }
    const text = lines.join('\n');
    const headers = [
      `Received: from mail.example.se (mail.example.se [192.0.2.${messages % 250}]) by mx.example.se; Mon, 7 Dec 2026 10:${String(messages % 60).padStart(2, '0')}:00 +0100`,
      `From: ${from} <${address(from)}>`,
      `To: ${to} <${address(to)}>`,
      `Subject: ${sentence(5).slice(0, -1)}`,
      `Date: Mon, 7 Dec 2026 10:${String(messages % 60).padStart(2, '0')}:00 +0100`,
      `Message-ID: <${messages}.bench@example.se>`,
      'MIME-Version: 1.0',
    ];
    const kind = rand();
    let body;
    if (kind < 0.5) {
      headers.push('Content-Type: text/plain; charset=utf-8', 'Content-Transfer-Encoding: quoted-printable');
      body = qp(text);
    } else if (kind < 0.8) {
      const html = `<html><body>${lines.map((l) => `<p>${l.replace(/&/g, '&amp;').replace(/</g, '&lt;')}</p>`).join('\n')}</body></html>`;
      headers.push('Content-Type: multipart/alternative; boundary="alt"');
      body = `--alt\nContent-Type: text/plain; charset=utf-8\nContent-Transfer-Encoding: quoted-printable\n\n${qp(text)}\n--alt\nContent-Type: text/html; charset=utf-8\nContent-Transfer-Encoding: quoted-printable\n\n${qp(html)}\n--alt--`;
    } else if (kind < 0.95) {
      let attachment;
      if (rand() < 0.5) {
        const rows = ['Namn;Personnummer;Belopp'];
        const n = 20 + Math.floor(rand() * 200);
        for (let i = 0; i < n; i++) rows.push(`${person()};${dashed(personnummer(rand))};${Math.floor(rand() * 10000)}`);
        planted += n;
        attachment = `Content-Type: text/csv; charset=utf-8; name="lista.csv"\nContent-Disposition: attachment; filename="lista.csv"\nContent-Transfer-Encoding: base64\n\n${b64(Buffer.from(rows.join('\r\n'), 'utf8'))}`;
      } else {
        const paras = [];
        const n = 20 + Math.floor(rand() * 60);
        for (let i = 0; i < n; i++) {
          if (rand() < 0.3) {
            planted++;
            paras.push(p(`${sentence(8)} ${person()} ${dashed(personnummer(rand))}`));
          } else paras.push(p(sentence(20)));
        }
        attachment = `Content-Type: application/vnd.openxmlformats-officedocument.wordprocessingml.document; name="beslut.docx"\nContent-Disposition: attachment; filename="beslut.docx"\nContent-Transfer-Encoding: base64\n\n${b64(docx({ body: paras.join('') }))}`;
      }
      headers.push('Content-Type: multipart/mixed; boundary="mix"');
      body = `--mix\nContent-Type: text/plain; charset=utf-8\nContent-Transfer-Encoding: quoted-printable\n\n${qp(text)}\n--mix\n${attachment}\n--mix--`;
    } else {
      headers.push('Content-Type: text/plain; charset=utf-8', 'Content-Transfer-Encoding: base64');
      body = b64(Buffer.from(text, 'utf8'));
    }
    const message = `${headers.join('\n')}\n\n${body}\n`.replace(/^(>*From )/gm, '>$1');
    const chunk = `From ${address(from)} Mon Dec  7 10:00:00 2026\n${message}\n`;
    chunks.push(chunk);
    bytes += Buffer.byteLength(chunk);
  }
  writeFileSync(file, chunks.join(''));
  return { messages, planted };
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
  meta = makeMailbox(file, mb * 1024 * 1024);
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
