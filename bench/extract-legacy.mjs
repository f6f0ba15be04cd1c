#!/usr/bin/env node
// Throughput and peak memory of the legacy-format extractors (pdf, doc, xls, rtf) next to the
// Debian reference tools on the same files in the same run: pdftotext (poppler-utils) for PDF,
// antiword and catdoc for .doc, xls2csv (catdoc) for .xls, unrtf for .rtf (apt-get install unrtf). Prints MB/s, files/s, peak RSS and the
// number of personnummer the core detector finds in each tool's text. Not a pass/fail test.
//
//   npm run build            # the bench imports the compiled dist/
//   node bench/extract-legacy.mjs [--pages 2000] [--fresh] [--fixtures-only | --pdf-memory]
//
// The corpus is built once in $TMPDIR/gallra-bench-legacy (LibreOffice makes the large documents;
// without it only the committed fixtures and the generated 2,000-page PDF are measured). All numbers
// in it are the Skatteverket test numbers of fixtures/documents/legacy/truth.json.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync, copyFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { Readable } from 'node:stream';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const dist = join(root, 'packages', 'extractors', 'dist', 'formats');
const fixtures = join(root, 'fixtures', 'documents', 'legacy');
const corpus = join(tmpdir(), 'gallra-bench-legacy');
const args = process.argv.slice(2);
const arg = (name, fallback) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : fallback;
};

function inputFor(name, data) {
  return {
    name,
    size: data.length,
    head: data.subarray(0, 4096),
    open: () => Readable.from([data]),
    bytes: async () => data,
    zipEntryNames: async () => null,
  };
}

// ---- worker mode: extract files in this process and report figures as JSON -----------------
if (args[0] === '--worker') {
  // The first file only warms up the module (loading it is not counted: the references have none).
  const [, formatId, warmFile, ...files] = args;
  const { createDetector } = await import('@gallra/core');
  const detector = createDetector();
  const mod = await import(pathToFileURL(join(dist, `${formatId}.js`)).href);
  const format = mod[formatId];
  const limits = { maxFileBytes: 2 ** 31, maxDepth: 5, maxTotalBytes: 2 ** 32, maxRatio: 100, maxMembers: 10000, timeoutMs: 600000 };
  let bytes = 0;
  let chars = 0;
  let found = 0;
  let failed = 0;
  let ms = 0;
  let detectMs = 0;
  try {
    for await (const _ of format.extract(inputFor(warmFile, readFileSync(warmFile)), { limits, signal: undefined }));
  } catch {}
  for (const file of files) {
    const data = readFileSync(file);
    bytes += data.length;
    const texts = [];
    const start = performance.now();
    try {
      for await (const event of format.extract(inputFor(file, data), { limits, signal: undefined })) {
        if (event.kind === 'segment') texts.push(event.text);
      }
    } catch {
      failed++;
    }
    ms += performance.now() - start;
    const detectStart = performance.now();
    for (const text of texts) {
      chars += text.length;
      found += detector.detect(text).length;
    }
    detectMs += performance.now() - detectStart;
  }
  console.log(JSON.stringify({ ms, detectMs, bytes, files: files.length, chars, found, failed, maxRssKb: process.resourceUsage().maxRSS }));
  process.exit(0);
}

// ---- memory mode: heap and RSS while one long PDF is read page by page --------------------------
if (args[0] === '--pdf-memory-worker') {
  const { pdf } = await import(pathToFileURL(join(dist, 'pdf.js')).href);
  const data = readFileSync(args[1]);
  const start = performance.now();
  console.log('| page | RSS MB | heap MB | s |');
  console.log('|---:|---:|---:|---:|');
  for await (const event of pdf.extract(inputFor(args[1], data), { limits: {}, signal: undefined })) {
    if (event.kind === 'segment' && event.place.page % 250 === 0) {
      globalThis.gc?.();
      const m = process.memoryUsage();
      console.log(`| ${event.place.page} | ${(m.rss / 2 ** 20).toFixed(0)} | ${(m.heapUsed / 2 ** 20).toFixed(0)} | ${((performance.now() - start) / 1000).toFixed(1)} |`);
    }
  }
  console.log(`peak RSS ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB`);
  process.exit(0);
}

// ---- corpus ---------------------------------------------------------------------------------
const truth = JSON.parse(readFileSync(join(fixtures, 'truth.json'), 'utf8')).files;
const numbers = [...new Set(Object.values(truth).flatMap((t) => (t.findings ?? []).map((f) => f.value)))].filter((n) => n.startsWith('19'));
const has = (cmd) => spawnSync('sh', ['-c', `command -v ${cmd}`]).status === 0;

/** A seeded PRNG so the corpus is the same on every run. */
function mulberry32(seed) {
  return () => {
    seed |= 0;
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const WORDS = 'ärendet gäller ansökan om bidrag för hösten beslut fattades av nämnden efter utredning och samtal med sökanden som bor i kommunen sedan flera år tillbaka'.split(' ');
function prose(rand, sentences) {
  const out = [];
  for (let s = 0; s < sentences; s++) {
    const words = Array.from({ length: 8 + Math.floor(rand() * 10) }, () => WORDS[Math.floor(rand() * WORDS.length)]);
    if (rand() < 0.4) {
      const n = numbers[Math.floor(rand() * numbers.length)];
      words.splice(Math.floor(rand() * words.length), 0, rand() < 0.5 ? `${n.slice(0, 8)}-${n.slice(8)}` : `${n.slice(2, 8)}-${n.slice(8)}`);
    }
    out.push(words.join(' ') + '.');
  }
  return out.join(' ');
}

/** A text-only PDF with `pages` pages of 45 lines each: the memory test for long documents. */
function writeLongPdf(path, pages, rand) {
  const chunks = ['%PDF-1.4\n'];
  let length = chunks[0].length;
  const offsets = [];
  const add = (id, body) => {
    offsets[id] = length;
    const s = `${id} 0 obj\n${body}\nendobj\n`;
    chunks.push(s);
    length += Buffer.byteLength(s, 'latin1');
  };
  const kids = [];
  let id = 4;
  const objects = [];
  for (let p = 0; p < pages; p++) {
    const lines = Array.from({ length: 45 }, () => prose(rand, 1).normalize('NFD').replace(/[^\x20-\x7e]/g, '').slice(0, 95).replace(/[()\\]/g, ''));
    const content = `BT /F1 10 Tf 40 800 Td ${lines.map((l, i) => `${i ? '0 -17 Td ' : ''}(${l}) Tj`).join(' ')} ET`;
    objects.push([id, `<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 3 0 R >> >> /Contents ${id + 1} 0 R >>`]);
    objects.push([id + 1, `<< /Length ${content.length} >>\nstream\n${content}\nendstream`]);
    kids.push(`${id} 0 R`);
    id += 2;
  }
  add(1, '<< /Type /Catalog /Pages 2 0 R >>');
  add(2, `<< /Type /Pages /Kids [${kids.join(' ')}] /Count ${pages} >>`);
  add(3, '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>');
  for (const [oid, body] of objects) add(oid, body);
  let xref = `xref\n0 ${id}\n0000000000 65535 f \n`;
  for (let i = 1; i < id; i++) xref += `${String(offsets[i]).padStart(10, '0')} 00000 n \n`;
  chunks.push(xref, `trailer\n<< /Size ${id} /Root 1 0 R >>\nstartxref\n${length}\n%%EOF\n`);
  writeFileSync(path, chunks.join(''), 'latin1');
}

function buildCorpus() {
  const pages = Number(arg('--pages', '2000'));
  if (args.includes('--fresh')) rmSync(corpus, { recursive: true, force: true });
  mkdirSync(corpus, { recursive: true });
  const rand = mulberry32(20261207);
  const long = join(corpus, `long-${pages}p.pdf`);
  if (!existsSync(long)) writeLongPdf(long, pages, rand);
  for (const [dir, ext] of [['pdf', '.pdf'], ['doc', '.doc'], ['xls', '.xls'], ['rtf', '.rtf']]) {
    for (const name of readdirSync(join(fixtures, dir))) {
      if (name.endsWith(ext) && !/encrypted|truncated|scanned/.test(name)) copyFileSync(join(fixtures, dir, name), join(corpus, `fixture-${name}`));
    }
  }
  if (!has('soffice')) {
    console.log('(soffice not found: the LibreOffice-made documents are skipped)');
    return;
  }
  const profile = `file://${join(corpus, '.profile')}`;
  const convert = (src, target) => execFileSync('soffice', ['--headless', `-env:UserInstallation=${profile}`, '--convert-to', target, '--outdir', corpus, src], { stdio: 'pipe' });
  const text = join(corpus, 'text100.fodt');
  if (!existsSync(join(corpus, 'text100.pdf'))) {
    const paras = Array.from({ length: 700 }, () => `<text:p>${prose(rand, 6)}</text:p>`).join('\n');
    writeFileSync(
      text,
      `<?xml version="1.0" encoding="UTF-8"?><office:document xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.3" office:mimetype="application/vnd.oasis.opendocument.text"><office:body><office:text>${paras}</office:text></office:body></office:document>`,
    );
    for (const target of ['pdf:writer_pdf_Export', 'doc:MS Word 97', 'rtf:Rich Text Format']) convert(text, target);
  }
  if (!existsSync(join(corpus, 'sheet20k.xls'))) {
    const rows = Array.from({ length: 20000 }, (_, i) => {
      const n = numbers[i % numbers.length];
      return `${i},"Namn ${i}",${i % 3 === 0 ? n : `${n.slice(0, 8)}-${n.slice(8)}`},"${prose(rand, 1)}",${Math.floor(rand() * 100000)}`;
    });
    writeFileSync(join(corpus, 'sheet20k.csv'), ['id,namn,personnummer,anteckning,belopp', ...rows].join('\n'));
    execFileSync('soffice', ['--headless', `-env:UserInstallation=${profile}`, '--infilter=CSV:44,34,76,1', '--convert-to', 'xls:MS Excel 97', '--outdir', corpus, join(corpus, 'sheet20k.csv')], { stdio: 'pipe' });
  }
}

const WARM_UP = { pdf: 'pdf/owner-password-only.pdf', doc: 'doc/letter.doc', xls: 'xls/people.xls', rtf: 'rtf/handwritten.rtf' };

// ---- measuring --------------------------------------------------------------------------------
const mb = (bytes) => bytes / 1024 / 1024;
function ours(formatId, files) {
  const warm = readdirSync(fixtures).length && join(fixtures, WARM_UP[formatId]);
  const r = spawnSync(process.execPath, [fileURLToPath(import.meta.url), '--worker', formatId, warm, ...files], { encoding: 'utf8', maxBuffer: 1 << 26 });
  if (r.status !== 0) throw new Error(r.stderr);
  return JSON.parse(r.stdout.trim().split('\n').pop());
}
async function reference(tool, argsFor, files) {
  const { createDetector } = await import('@gallra/core');
  const detector = createDetector();
  let ms = 0;
  let bytes = 0;
  let found = 0;
  let peak = 0;
  let failed = 0;
  for (const file of files) {
    bytes += statSync(file).size;
    const start = performance.now();
    const r = spawnSync('/usr/bin/time', ['-f', '%M', tool, ...argsFor(file)], { encoding: 'utf8', maxBuffer: 1 << 28 });
    ms += performance.now() - start;
    if (r.status !== 0) failed++;
    peak = Math.max(peak, Number(r.stderr.trim().split('\n').pop()) || 0);
    found += detector.detect(r.stdout ?? '').length;
  }
  return { ms, bytes, files: files.length, found, failed, maxRssKb: peak };
}
function row(label, tool, r) {
  const s = r.ms / 1000;
  console.log(
    `| ${label} | ${tool} | ${r.files} | ${mb(r.bytes).toFixed(2)} | ${(r.ms).toFixed(0)} | ${(mb(r.bytes) / s).toFixed(2)} | ${(r.files / s).toFixed(1)} | ${(r.maxRssKb / 1024).toFixed(0)} | ${r.found} | ${r.failed} |`,
  );
}

/** Recall and precision of extraction + detection on the committed fixtures, against truth.json. */
async function fixtureScores() {
  const { createDetector } = await import('@gallra/core');
  const detector = createDetector({ now: new Date('2026-11-22T00:00:00Z') });
  const key = (value, place) => JSON.stringify([value, Object.entries(place).sort()]);
  const scores = {};
  for (const [rel, t] of Object.entries(truth)) {
    if (!t.findings || t.sameAs) continue;
    const format = (await import(pathToFileURL(join(dist, `${t.format}.js`)).href))[t.format];
    const data = readFileSync(join(fixtures, rel));
    const found = [];
    for await (const event of format.extract(inputFor(rel, data), { limits: {}, signal: undefined })) {
      if (event.kind === 'segment') for (const f of detector.detect(event.text)) found.push(key(f.normalized, event.place));
    }
    const expected = t.findings.map((f) => key(f.value, f.place));
    const s = (scores[t.format] ??= { files: 0, expected: 0, found: 0, correct: 0 });
    s.files++;
    s.expected += expected.length;
    s.found += found.length;
    const pool = [...expected];
    for (const k of found) {
      const i = pool.indexOf(k);
      if (i >= 0) {
        pool.splice(i, 1);
        s.correct++;
      }
    }
  }
  console.log('| format | fixtures | expected | found | correct (value + place) | recall | precision |');
  console.log('|---|---:|---:|---:|---:|---:|---:|');
  for (const [id, s] of Object.entries(scores)) {
    console.log(`| ${id} | ${s.files} | ${s.expected} | ${s.found} | ${s.correct} | ${((100 * s.correct) / s.expected).toFixed(1)} % | ${((100 * s.correct) / s.found).toFixed(1)} % |`);
  }
}

/** The BIFF8 reader against SheetJS on every .xls of the corpus: time and whether the cells are identical. */
async function compareXlsReaders(xlsFiles) {
  const { createRequire } = await import('node:module');
  const require = createRequire(join(root, 'packages', 'extractors', 'package.json'));
  const XLSX = await import(pathToFileURL(require.resolve('@e965/xlsx')).href);
  const { parseCfb } = await import(pathToFileURL(join(dist, 'cfb.js')).href);
  const { readBiff8 } = await import(pathToFileURL(join(dist, 'xls-biff.js')).href);
  const { cellValueText } = await import(pathToFileURL(join(dist, 'xls.js')).href);
  console.log('| file | cells | BIFF8 reader ms | SheetJS read() ms | identical |');
  console.log('|---|---:|---:|---:|---|');
  for (const file of xlsFiles) {
    const bytes = readFileSync(file);
    let t = performance.now();
    const cfb = parseCfb(bytes);
    const mine = new Map();
    for (const c of readBiff8(cfb.read(cfb.find('Workbook'))).cells()) mine.set(`${c.sheet}!${c.cell}${c.comment ? '#c' : ''}`, cellValueText(c.value));
    const oursMs = performance.now() - t;
    t = performance.now();
    const wb = XLSX.read(bytes, { type: 'buffer', cellText: false, cellHTML: false, cellFormula: false, cellDates: false });
    const theirsMs = performance.now() - t;
    const ref = new Map();
    for (const name of wb.SheetNames) {
      for (const [a, cell] of Object.entries(wb.Sheets[name])) {
        if (a.startsWith('!') || cell.t === 'e') continue;
        const text = cellValueText(cell.v);
        if (text !== null) ref.set(`${name}!${a}`, text);
        for (const c of cell.c ?? []) ref.set(`${name}!${a}#c`, c.t);
      }
    }
    const same = mine.size === ref.size && [...ref].every(([k, v]) => mine.get(k) === v);
    console.log(`| ${file.split('/').pop()} | ${ref.size} | ${oursMs.toFixed(0)} | ${theirsMs.toFixed(0)} | ${same ? 'yes' : 'NO'} |`);
  }
}

if (args.includes('--fixtures-only')) {
  await fixtureScores();
  process.exit(0);
}

await fixtureScores();
console.log('');
buildCorpus();
const files = readdirSync(corpus).filter((f) => !f.startsWith('.')).map((f) => join(corpus, f));
const by = (re) => files.filter((f) => re.test(f));
if (args.includes('--pdf-memory')) {
  spawnSync(process.execPath, ['--expose-gc', fileURLToPath(import.meta.url), '--pdf-memory-worker', by(/long-\d+p\.pdf$/)[0]], { stdio: 'inherit' });
  process.exit(0);
}
const sets = [
  ['pdf (mix)', 'pdf', by(/(fixture-.*|text100)\.pdf$/), [['pdftotext', (f) => [f, '-']]]],
  ['pdf (long)', 'pdf', by(/long-\d+p\.pdf$/), [['pdftotext', (f) => [f, '-']]]],
  ['doc', 'doc', by(/\.doc$/).filter((f) => !f.includes('report-named')), [['antiword', (f) => ['-w', '0', f]], ['catdoc', (f) => [f]]]],
  ['xls', 'xls', by(/\.xls$/), [['xls2csv', (f) => [f]]]],
  ['rtf', 'rtf', by(/\.rtf$/), [['unrtf', (f) => ['--text', '--quiet', f]]]],
];
console.log(`corpus: ${corpus}   node ${process.version}   ${new Date().toISOString()}`);
console.log('| set | tool | files | MB | ms | MB/s | files/s | peak RSS MB | pnr found | failed |');
console.log('|---|---|---:|---:|---:|---:|---:|---:|---:|---:|');
for (const [label, formatId, set, refs] of sets) {
  if (set.length === 0) continue;
  row(label, `gallra ${formatId}`, ours(formatId, set));
  for (const [tool, argsFor] of refs) if (has(tool)) row(label, tool, await reference(tool, argsFor, set));
}
console.log('');
await compareXlsReaders(by(/\.xls$/));
