#!/usr/bin/env node
// Extraction throughput per format on a realistic mix of generated files (sizes like a municipal file
// share: letters, lists, slide decks, spreadsheets, logs, archives), next to shell references on the
// same files in the same run: `unzip -p | grep` for zip-based formats, `grep` for text, and pdftotext
// (poppler-utils) for the PDF fixtures of fixtures/documents/legacy when present. Extraction time
// includes reading the file and iterating all segments; detection is run afterwards, untimed, to show
// that the text is complete (found / planted). Not a pass/fail test.
//
//   npm run build && node bench/extract-formats.mjs [--scale 1]
import { spawnSync } from 'node:child_process';
import { createReadStream, existsSync, mkdirSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { detect } from '@gallra/core';
import { extract } from '@gallra/extractors';
import { archive, bigDocx, bigOds, bigOdt, bigPptx, bigXlsx, csvFile, htmlFile, rng, textFile } from './document-corpus.mjs';

const args = process.argv.slice(2);
const scale = Number(args.includes('--scale') ? args[args.indexOf('--scale') + 1] : 1);
const dir = join(tmpdir(), 'gallra-bench-formats');
rmSync(dir, { recursive: true, force: true });
mkdirSync(dir, { recursive: true });

const rand = rng(2026);
const between = (lo, hi) => Math.floor(lo + rand() * (hi - lo));
const MIX = [
  ['docx', 40, (s) => bigDocx(s, between(80, 800))],
  ['xlsx', 20, (s) => bigXlsx(s, between(200, 4000))],
  ['pptx', 20, (s) => bigPptx(s, between(5, 40))],
  ['odt', 20, (s) => bigOdt(s, between(80, 800))],
  ['ods', 10, (s) => bigOds(s, between(200, 3000))],
  ['txt', 40, (s) => textFile(s, between(200, 4000))],
  ['csv', 20, (s) => csvFile(s, between(200, 6000))],
  ['html', 20, (s) => htmlFile(s, between(50, 600))],
  ['zip', 5, (s) => archive(s)],
];
const GREP = '(19|20)?[0-9]{6}[-+]?[0-9]{4}';
const REFERENCE = {
  docx: ['unzip -p | grep', 'unzip -p "$f" "word/*.xml"'],
  xlsx: ['unzip -p | grep', 'unzip -p "$f" "xl/sharedStrings.xml" "xl/worksheets/*.xml"'],
  pptx: ['unzip -p | grep', 'unzip -p "$f" "ppt/slides/*.xml" "ppt/notesSlides/*.xml"'],
  odt: ['unzip -p | grep', 'unzip -p "$f" content.xml styles.xml'],
  ods: ['unzip -p | grep', 'unzip -p "$f" content.xml'],
  txt: ['grep', 'cat "$f"'],
  csv: ['grep', 'cat "$f"'],
  html: ['grep', 'cat "$f"'],
  zip: ['unzip -p | grep', 'unzip -p "$f"'],
  pdf: ['pdftotext | grep', 'pdftotext -q "$f" -'],
};

const groups = new Map();
let seed = 1;
for (const [kind, count, make] of MIX) {
  const n = Math.max(1, Math.round(count * scale));
  const files = [];
  let planted = 0;
  for (let i = 0; i < n; i++) {
    const { data, planted: p } = make(seed++);
    const file = join(dir, `${kind}-${i}.${kind}`);
    writeFileSync(file, data);
    files.push(file);
    planted += p;
  }
  groups.set(kind, { files, planted });
}
const legacyPdf = join(import.meta.dirname, '..', 'fixtures', 'documents', 'legacy', 'pdf');
if (existsSync(legacyPdf)) {
  const files = readdirSync(legacyPdf).filter((f) => f.endsWith('.pdf') && !/encrypted|truncated/.test(f)).map((f) => join(legacyPdf, f));
  if (files.length) groups.set('pdf', { files, planted: NaN });
}

async function extractAll(files) {
  const texts = [];
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  for (const file of files) {
    try {
      const x = await extract({ name: file, size: statSync(file).size, path: file, open: () => createReadStream(file) });
      for await (const e of x.events) if (e.kind === 'segment') texts.push(e.segment.text);
    } catch {
      // counted as not found; the fixtures tests cover errors
    }
  }
  const cpu = process.cpuUsage(cpu0);
  return { seconds: (performance.now() - t0) / 1000, cpuSeconds: (cpu.user + cpu.system) / 1e6, texts };
}

function reference(kind, files) {
  const [, cat] = REFERENCE[kind];
  const script = `for f in "$@"; do ${cat} 2>/dev/null; done | grep -oE '${GREP}' | wc -l`;
  const t0 = performance.now();
  const res = spawnSync('sh', ['-c', script, 'sh', ...files], { encoding: 'utf8' });
  return { seconds: (performance.now() - t0) / 1000, found: Number(res.stdout.trim()) };
}

console.log(`node ${process.version}; corpus in ${dir}; one warm process, files read from disk\n`);
console.log('| format | files | MB | gallra wall s | gallra CPU s | MB/s (CPU) | files/s (CPU) | found / planted | reference | ref wall s | ref MB/s | ref regex matches |');
console.log('|---|---:|---:|---:|---:|---:|---:|---:|---|---:|---:|---:|');
await extractAll(groups.get('docx').files.slice(0, 3)); // warm up module loading
let totalMB = 0;
let totalSeconds = 0;
let totalCpu = 0;
let totalFiles = 0;
for (const [kind, { files, planted }] of groups) {
  const mb = files.reduce((n, f) => n + statSync(f).size, 0) / 1e6;
  const { seconds, cpuSeconds, texts } = await extractAll(files);
  const found = texts.reduce((n, t) => n + detect(t).filter((f) => f.personal).length, 0);
  const ref = reference(kind, files);
  totalMB += mb;
  totalSeconds += seconds;
  totalCpu += cpuSeconds;
  totalFiles += files.length;
  console.log(
    `| ${kind} | ${files.length} | ${mb.toFixed(2)} | ${seconds.toFixed(2)} | ${cpuSeconds.toFixed(2)} | ${(mb / cpuSeconds).toFixed(1)} | ${(files.length / cpuSeconds).toFixed(1)} | ${found} / ${Number.isNaN(planted) ? '?' : planted} | ${REFERENCE[kind][0].replace(/\|/g, '\\|')} | ${ref.seconds.toFixed(2)} | ${(mb / ref.seconds).toFixed(1)} | ${ref.found} |`,
  );
}
console.log(`| **all** | ${totalFiles} | ${totalMB.toFixed(2)} | ${totalSeconds.toFixed(2)} | ${totalCpu.toFixed(2)} | ${(totalMB / totalCpu).toFixed(1)} | ${(totalFiles / totalCpu).toFixed(1)} | | | | | |`);
console.log(`\npeak RSS ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB; load average ${(await import('node:os')).loadavg().map((x) => x.toFixed(1)).join(' ')}`);
