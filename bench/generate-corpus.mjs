#!/usr/bin/env node
// Seeded benchmark corpus: Swedish-looking text with valid (generated, Luhn-correct) personnummer in
// text, docx, xlsx, pdf and mbox files with a realistic size mix, or a wide tree of tiny files.
// Generated under /tmp and never committed (the numbers are synthetic but look real).
//
//   node bench/generate-corpus.mjs --kind text  --out /tmp/gallra-bench/text  --mb 100
//   node bench/generate-corpus.mjs --kind text  --out /tmp/gallra-bench/text-sparse --mb 100 --lines-per-number 1200
//   node bench/generate-corpus.mjs --kind mixed --out /tmp/gallra-bench/mixed --mb 60
//   node bench/generate-corpus.mjs --kind many  --out /tmp/gallra-bench/many  --files 100000
import { mkdirSync, writeFileSync, existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { zip } from './lib/zip.mjs';
import { createRng } from '../fixtures/accuracy/lib/rng.mjs';

const { values } = parseArgs({
  options: {
    kind: { type: 'string', default: 'mixed' },
    out: { type: 'string' },
    mb: { type: 'string', default: '50' },
    files: { type: 'string', default: '100000' },
    seed: { type: 'string', default: '42' },
    // Text kind: about one line in N carries a personnummer. 12 (the default) is a register-like ~1 per KB;
    // 1200 is ~1 per 100 KB, closer to ordinary documents where per-byte costs dominate.
    'lines-per-number': { type: 'string', default: '12' },
    force: { type: 'boolean', default: false },
  },
});

/** The seeded mulberry32 generator of the accuracy corpus (one implementation for every corpus). */
const rng = (seed) => createRng(seed).next;
const random = rng(Number(values.seed));
const pick = (list) => list[Math.floor(random() * list.length)];
const int = (lo, hi) => lo + Math.floor(random() * (hi - lo + 1));

function luhn(nine) {
  let sum = 0;
  for (let i = 0; i < 9; i++) {
    const v = Number(nine[i]) * (i % 2 === 0 ? 2 : 1);
    sum += v > 9 ? v - 9 : v;
  }
  return (10 - (sum % 10)) % 10;
}
function personnummer() {
  const year = int(1940, 2005);
  const month = String(int(1, 12)).padStart(2, '0');
  const day = String(int(1, 28)).padStart(2, '0');
  const birth = String(int(1, 999)).padStart(3, '0');
  const nine = `${String(year).slice(2)}${month}${day}${birth}`;
  const check = luhn(nine);
  const r = random();
  if (r < 0.5) return `${year}${month}${day}-${birth}${check}`;
  if (r < 0.8) return `${nine.slice(0, 6)}-${birth}${check}`;
  return `${year}${month}${day}${birth}${check}`;
}

const WORDS = (
  'och att det som en på är av för med till den har inte om ett han men var jag sig från vi så kan man när år säger hon under också efter ' +
  'kommunen beslut ärende handläggare socialtjänsten ansökan bistånd elev skola vårdnadshavare faktura belopp adress telefon möte protokoll ' +
  'personalregister anställd lön semester sjukfrånvaro avtal hyresgäst fastighet bygglov yttrande remiss nämnden sammanträde'
).split(' ');
const NAMES = 'Anna Erik Maria Lars Karin Anders Eva Johan Sara Per Emma Nils Ingrid Olof Elin Gustav'.split(' ');
const SURNAMES = 'Andersson Johansson Karlsson Nilsson Eriksson Larsson Olsson Persson Svensson Gustafsson'.split(' ');

/** A line of prose; about one in `density` lines carries a personnummer. */
function line(density = 12) {
  const n = int(6, 18);
  const words = [];
  for (let i = 0; i < n; i++) words.push(pick(WORDS));
  if (random() < 1 / density) words.splice(int(0, words.length), 0, `${pick(NAMES)} ${pick(SURNAMES)}, personnummer ${personnummer()}`);
  else if (random() < 0.05) words.push(`tel 070-${int(100, 999)} ${int(10, 99)} ${int(10, 99)}`);
  const s = words.join(' ');
  return `${s[0].toUpperCase()}${s.slice(1)}.`;
}
function text(bytes, linesPerNumber = 12) {
  const lines = [];
  let size = 0;
  while (size < bytes) {
    const l = line(linesPerNumber);
    lines.push(l);
    size += Buffer.byteLength(l) + 1;
  }
  return `${lines.join('\n')}\n`;
}

/** Realistic file sizes: log-normal around a few kB, a long tail up to a few MB. */
function fileSize(median, max) {
  const u1 = random() || 1e-9;
  const u2 = random();
  const z = Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
  return Math.max(200, Math.min(max, Math.round(median * Math.exp(1.2 * z))));
}

const xmlEscape = (s) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

function docx(bytes) {
  const paragraphs = [];
  let size = 0;
  while (size < bytes) {
    const l = line();
    paragraphs.push(`<w:p><w:r><w:t xml:space="preserve">${xmlEscape(l)}</w:t></w:r></w:p>`);
    size += l.length;
  }
  return zip([
    { name: '[Content_Types].xml', data: '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>' },
    { name: '_rels/.rels', data: '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>' },
    { name: 'word/document.xml', data: `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>${paragraphs.join('')}</w:body></w:document>` },
  ]);
}

function colName(i) {
  return String.fromCharCode(65 + i);
}
function xlsx(rows) {
  const strings = [];
  const sheetRows = [];
  const header = ['Namn', 'Personnummer', 'Adress', 'Kommentar'];
  const all = [header];
  for (let r = 0; r < rows; r++) all.push([`${pick(NAMES)} ${pick(SURNAMES)}`, personnummer(), `${pick(WORDS)}gatan ${int(1, 99)}`, line(1000)]);
  all.forEach((cells, r) => {
    const xmlCells = cells.map((value, c) => {
      strings.push(value);
      return `<c r="${colName(c)}${r + 1}" t="s"><v>${strings.length - 1}</v></c>`;
    });
    sheetRows.push(`<row r="${r + 1}">${xmlCells.join('')}</row>`);
  });
  return zip([
    { name: '[Content_Types].xml', data: '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>' },
    { name: '_rels/.rels', data: '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>' },
    { name: 'xl/workbook.xml', data: '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Blad1" sheetId="1" r:id="rId1"/></sheets></workbook>' },
    { name: 'xl/_rels/workbook.xml.rels', data: '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>' },
    { name: 'xl/sharedStrings.xml', data: `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="${strings.length}" uniqueCount="${strings.length}">${strings.map((s) => `<si><t>${xmlEscape(s)}</t></si>`).join('')}</sst>` },
    { name: 'xl/worksheets/sheet1.xml', data: `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>${sheetRows.join('')}</sheetData></worksheet>` },
  ]);
}

/** A plain PDF (Helvetica, uncompressed content streams), `pages` pages of prose. */
function pdf(pages) {
  const objects = [];
  const add = (body) => {
    objects.push(body);
    return objects.length;
  };
  const catalog = add(null);
  const pagesObj = add(null);
  const font = add('<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>');
  const kids = [];
  for (let p = 0; p < pages; p++) {
    const lines = [];
    for (let i = 0; i < 45; i++) lines.push(line(8).replace(/[()\\]/g, '').replace(/[^\x20-\x7e]/g, (c) => ({ å: 'a', ä: 'a', ö: 'o', Å: 'A', Ä: 'A', Ö: 'O' })[c] ?? ' ').slice(0, 95));
    const stream = `BT /F1 10 Tf 40 800 Td 14 TL ${lines.map((l) => `(${l}) Tj T*`).join(' ')} ET`;
    const content = add(`<< /Length ${Buffer.byteLength(stream)} >>\nstream\n${stream}\nendstream`);
    kids.push(add(`<< /Type /Page /Parent ${pagesObj} 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 ${font} 0 R >> >> /Contents ${content} 0 R >>`));
  }
  objects[catalog - 1] = `<< /Type /Catalog /Pages ${pagesObj} 0 R >>`;
  objects[pagesObj - 1] = `<< /Type /Pages /Kids [${kids.map((k) => `${k} 0 R`).join(' ')}] /Count ${kids.length} >>`;
  let out = '%PDF-1.4\n';
  const offsets = [];
  objects.forEach((body, i) => {
    offsets.push(Buffer.byteLength(out));
    out += `${i + 1} 0 obj\n${body}\nendobj\n`;
  });
  const xref = Buffer.byteLength(out);
  out += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n${offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('')}`;
  out += `trailer\n<< /Size ${objects.length + 1} /Root ${catalog} 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(out, 'latin1');
}

function mbox(messages) {
  const parts = [];
  for (let m = 0; m < messages; m++) {
    const from = `${pick(NAMES).toLowerCase()}@example.se`;
    const body = [];
    for (let i = 0, n = int(3, 30); i < n; i++) body.push(line(6));
    parts.push(
      `From ${from} Mon Jan  1 10:00:00 2024\nFrom: ${from}\nTo: registrator@kommun.example.se\nSubject: Ärende ${int(1000, 9999)}\nDate: Mon, 1 Jan 2024 10:00:00 +0100\nMessage-ID: <${m}.${int(1, 1e9)}@example.se>\nMIME-Version: 1.0\nContent-Type: text/plain; charset=utf-8\nContent-Transfer-Encoding: 8bit\n\n${body.join('\n').replace(/^From /gm, '>From ')}\n`,
    );
  }
  return parts.join('\n');
}

function prepare(out) {
  if (existsSync(join(out, '.complete')) && !values.force) {
    console.log(`${out}: already generated (delete it or pass --force)`);
    process.exit(0);
  }
  rmSync(out, { recursive: true, force: true });
  mkdirSync(out, { recursive: true });
}

const out = values.out ?? `/tmp/gallra-bench/${values.kind}`;
prepare(out);
let files = 0;
let bytes = 0;
const put = (rel, data) => {
  const abs = join(out, rel);
  mkdirSync(join(abs, '..'), { recursive: true });
  writeFileSync(abs, data);
  files++;
  bytes += Buffer.byteLength(data);
};

if (values.kind === 'text') {
  const target = Number(values.mb) * 1e6;
  for (let i = 0; bytes < target; i++) {
    const ext = pick(['txt', 'txt', 'csv', 'log', 'md']);
    put(`dir${String(i % 50).padStart(2, '0')}/sub${i % 7}/doc${i}.${ext}`, text(fileSize(20_000, 4_000_000), Number(values['lines-per-number'])));
  }
} else if (values.kind === 'mixed') {
  const target = Number(values.mb) * 1e6;
  for (let i = 0; bytes < target; i++) {
    const dir = `avd${String(i % 20).padStart(2, '0')}/${pick(['2021', '2022', '2023', '2024'])}`;
    const r = random();
    if (r < 0.4) put(`${dir}/anteckning${i}.txt`, text(fileSize(8_000, 1_000_000)));
    else if (r < 0.65) put(`${dir}/brev${i}.docx`, docx(fileSize(15_000, 2_000_000)));
    else if (r < 0.8) put(`${dir}/lista${i}.xlsx`, xlsx(Math.min(20_000, fileSize(200, 20_000))));
    else if (r < 0.95) put(`${dir}/beslut${i}.pdf`, pdf(Math.min(40, Math.max(1, Math.round(fileSize(3, 40))))));
    else put(`${dir}/inkorg${i}.mbox`, mbox(Math.min(500, fileSize(40, 500))));
  }
} else if (values.kind === 'many') {
  const count = Number(values.files);
  for (let i = 0; i < count; i++) put(`d${String(i % 1000).padStart(3, '0')}/f${i}.txt`, i % 100 === 0 ? `${line(1)}\n` : `${pick(WORDS)} ${i}\n`);
} else {
  console.error(`unknown --kind ${values.kind} (text, mixed, many)`);
  process.exit(2);
}
writeFileSync(join(out, '.complete'), `${files} ${bytes}\n`);
console.log(`${out}: ${files} files, ${(bytes / 1e6).toFixed(1)} MB (${values.kind}, seed ${values.seed})`);
