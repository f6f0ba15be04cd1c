#!/usr/bin/env node
// gallra's streaming docx/xlsx readers (yauzl + htmlparser2) next to mammoth (docx) and SheetJS
// (@e965/xlsx 0.20.3, xlsx) and `unzip -p | grep` on the same generated files, in the same run.
// Every measurement is a fresh node process: extraction wall ms and CPU ms (module load excluded), peak
// RSS after extraction, then the CPU time of @gallra/core's detector over the method's text and the
// personnummer it finds (the same counter for every method).
// Not a pass/fail test.
//
//   npm run build && node bench/extract-compare.mjs [--paragraphs 20000] [--rows 50000] [--runs 1]
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const self = fileURLToPath(import.meta.url);
const args = process.argv.slice(2);
const arg = (name, fallback) => (args.includes(name) ? args[args.indexOf(name) + 1] : fallback);

if (args[0] === '--worker') {
  await worker(args[1], args[2]);
  process.exit(0);
}

/**
 * One extraction in this process, then detection over its text (timed apart: gallra gives one text per
 * cell or paragraph, the others one text per document or sheet). Prints JSON.
 */
async function worker(method, file) {
  const { detect } = await import('@gallra/core');
  let run;
  if (method === 'gallra') {
    const { extract } = await import('@gallra/extractors');
    const { createReadStream, statSync } = await import('node:fs');
    run = async () => {
      const x = await extract({ name: file, size: statSync(file).size, path: file, open: () => createReadStream(file) });
      const texts = [];
      for await (const e of x.events) if (e.kind === 'segment') texts.push(e.segment.text);
      return texts;
    };
  } else if (method === 'mammoth') {
    const mammoth = (await import('mammoth')).default;
    run = async () => [(await mammoth.extractRawText({ path: file })).value];
  } else if (method === 'sheetjs-raw' || method === 'sheetjs-formatted') {
    const XLSX = await import('@e965/xlsx');
    const { readFileSync } = await import('node:fs');
    run = async () => {
      const wb = XLSX.read(readFileSync(file), { dense: true });
      return wb.SheetNames.map((name) => XLSX.utils.sheet_to_csv(wb.Sheets[name], { rawNumbers: method === 'sheetjs-raw' }));
    };
  } else throw new Error(`unknown method ${method}`);
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const texts = await run();
  const ms = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  const rssMB = process.resourceUsage().maxRSS / 1024;
  const d0 = process.cpuUsage();
  let found = 0;
  for (const text of texts) found += detect(text).filter((f) => f.personal).length;
  const d = process.cpuUsage(d0);
  console.log(JSON.stringify({ ms, cpuMs: (cpu.user + cpu.system) / 1000, rssMB, detectCpuMs: (d.user + d.system) / 1000, found }));
}

function measure(method, file) {
  const out = execFileSync(process.execPath, [self, '--worker', method, file], { encoding: 'utf8', maxBuffer: 1 << 20 });
  return JSON.parse(out.trim().split('\n').pop());
}

/** `unzip -p FILE PARTS | grep -cE REGEX` as a reference: raw XML, so split runs are missed. */
function unzipGrep(file, parts) {
  const regex = '(19|20)?[0-9]{6}[-+]?[0-9]{4}';
  const t0 = performance.now();
  const res = spawnSync('sh', ['-c', `unzip -p "$0" ${parts} | grep -oE '${regex}' | wc -l`, file], { encoding: 'utf8' });
  return { ms: performance.now() - t0, cpuMs: NaN, rssMB: NaN, detectCpuMs: NaN, found: Number(res.stdout.trim()) };
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
function row(label, file, planted, runs, fn) {
  const results = Array.from({ length: runs }, fn);
  const pick = (k) => median(results.map((r) => r[k]));
  const fmt = (v, d = 0) => (Number.isNaN(v) ? '–' : v.toFixed(d));
  console.log(`| ${label} | ${file} | ${fmt(pick('ms'))} | ${fmt(pick('cpuMs'))} | ${fmt(pick('rssMB'))} | ${fmt(pick('detectCpuMs'))} | ${results[0].found} / ${planted} |`);
}

const { bigDocx, bigXlsx } = await import('./document-corpus.mjs');
const dir = join(tmpdir(), 'gallra-bench-compare');
mkdirSync(dir, { recursive: true });
const paragraphs = Number(arg('--paragraphs', 20000));
const rows = Number(arg('--rows', 50000));
const runs = Number(arg('--runs', 1));
const files = [
  ['docx', 'big.docx', bigDocx(1, paragraphs)],
  ['docx', 'small.docx', bigDocx(2, 200)],
  ['xlsx', 'big.xlsx', bigXlsx(3, rows)],
  ['xlsx', 'small.xlsx', bigXlsx(4, 2000)],
];
console.log(`node ${process.version}, ${runs} run(s) each (median), fresh process per run; files in ${dir}\n`);
console.log(`load average before: ${(await import('node:os')).loadavg().map((x) => x.toFixed(1)).join(' ')}\n`);
console.log('| method | file | extract wall ms | extract CPU ms | peak RSS MB (extract) | detect CPU ms | personnummer found / planted |');
console.log('|---|---|---:|---:|---:|---:|---:|');
for (const [kind, name, { data, planted }] of files) {
  const file = join(dir, name);
  writeFileSync(file, data);
  const label = `${name} (${(data.length / 1024).toFixed(0)} KB)`;
  row('gallra (yauzl + htmlparser2, streaming)', label, planted, runs, () => measure('gallra', file));
  if (kind === 'docx') {
    row('mammoth 1.13.0 extractRawText', label, planted, runs, () => measure('mammoth', file));
    row('unzip -p word/document.xml \\| grep', label, planted, runs, () => unzipGrep(file, 'word/document.xml'));
  } else {
    row('SheetJS 0.20.3 sheet_to_csv rawNumbers', label, planted, runs, () => measure('sheetjs-raw', file));
    row('SheetJS 0.20.3 sheet_to_csv (formatted)', label, planted, runs, () => measure('sheetjs-formatted', file));
    row('unzip -p xl/*.xml \\| grep', label, planted, runs, () => unzipGrep(file, "'xl/sharedStrings.xml' 'xl/worksheets/*.xml'"));
  }
}
