#!/usr/bin/env node
// Peak memory of `gallra scan` on single big files (issue #4 target 2: peak RSS < 1 GB whatever the
// size of the corpus — a corpus of many small files says little about one 300 MB mailbox).
//
// Generates (seeded, under --dir, never committed; the personnummer are valid generated numbers made
// at run time) a set of big single files, then runs the real CLI on each of them alone:
//   node packages/cli/bin.js scan FILE --jobs 2 --quiet --format json -o REPORT --fail-on none
// and prints wall time, CPU time, peak RSS of the whole process tree (worker threads share the
// process; sampled from /proc by bench/lib/measure.mjs) and the result (status, findings, errors,
// warnings). Not a pass/fail test; rows over the target are marked.
//
//   npx tsc -b && node bench/memory.mjs [--dir /tmp/gallra-memory] [--only mbox-300,xlsx-200k] [--jobs 2]
//        [--scale 1] [--runs 1] [--keep-reports]
//   node bench/memory.mjs --list        the cases
//
// --scale shrinks or grows every file (0.1 for a quick check); files are generated once per scale
// and reused (delete --dir to regenerate).
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, rmSync, statSync, writeFileSync, writeSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { deflateSync, inflateRawSync } from 'node:zlib';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { bigDocx, bigOds, bigXlsx, csvFile, personnummer, rng, textFile } from './document-corpus.mjs';
import { writeMailbox } from './lib/mailbox.mjs';
import { measure } from './lib/measure.mjs';
import { zip } from './lib/zip.mjs';

const { values } = parseArgs({
  options: {
    dir: { type: 'string', default: '/tmp/gallra-memory' },
    only: { type: 'string' },
    jobs: { type: 'string', default: '2' },
    scale: { type: 'string', default: '1' },
    runs: { type: 'string', default: '1' },
    format: { type: 'string', default: 'json' },
    list: { type: 'boolean', default: false },
    'keep-reports': { type: 'boolean', default: false },
  },
});
const root = join(import.meta.dirname, '..');
const cli = join(root, 'packages/cli/bin.js');
const scale = Number(values.scale);
const MB = 1024 * 1024;
const TARGET_MB = 1024;

// ------------------------------------------------------------------ generators not found elsewhere

/**
 * A PDF of `pages` pages of prose (Helvetica, WinAnsi, Flate-compressed content streams); one line in
 * five carries a personnummer. `imageBytes` > 0 adds a grey image of that many bytes to every page, as
 * a scanned-and-OCRed document has: the file grows without more text.
 */
function bigPdf(seed, pages, imageBytes = 0) {
  const rand = rng(seed);
  const words = 'och att det som en på är av för med till den har inte om ett beslut ärende handläggare ansökan bilaga yttrande protokoll'.split(' ');
  const sentence = (n) => Array.from({ length: n }, () => words[Math.floor(rand() * words.length)]).join(' ');
  const chunks = [];
  let offset = 0;
  const offsets = [];
  const push = (buf) => {
    chunks.push(buf);
    offset += buf.length;
  };
  const object = (number, head, stream) => {
    offsets[number] = offset;
    if (stream) {
      push(Buffer.from(`${number} 0 obj\n${head}\nstream\n`, 'latin1'));
      push(stream);
      push(Buffer.from('\nendstream\nendobj\n', 'latin1'));
    } else push(Buffer.from(`${number} 0 obj\n${head}\nendobj\n`, 'latin1'));
  };
  push(Buffer.from('%PDF-1.4\n%\xe2\xe3\xcf\xd3\n', 'latin1'));
  // 1 catalog, 2 pages, 3 font; per page: page, content, image.
  const kids = [];
  let planted = 0;
  const side = imageBytes > 0 ? Math.ceil(Math.sqrt(imageBytes)) : 0;
  for (let p = 0; p < pages; p++) {
    const base = 4 + p * 3;
    const lines = [];
    for (let i = 0; i < 45; i++) {
      let text = sentence(12);
      if (rand() < 0.2) {
        const n = personnummer(rand);
        planted++;
        text = `${sentence(4)} ${n.slice(0, 8)}-${n.slice(8)} ${sentence(3)}`;
      }
      lines.push(`(${text}) Tj T*`);
    }
    const draw = side > 0 ? `q 200 0 0 200 350 600 cm /Im1 Do Q ` : '';
    const content = deflateSync(Buffer.from(`${draw}BT /F1 9 Tf 40 800 Td 12 TL ${lines.join(' ')} ET`, 'latin1'));
    const image = side > 0 ? `/XObject << /Im1 ${base + 2} 0 R >> ` : '';
    object(base, `<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 3 0 R >> ${image}>> /Contents ${base + 1} 0 R >>`);
    object(base + 1, `<< /Length ${content.length} /Filter /FlateDecode >>`, content);
    if (side > 0) {
      const words32 = new Uint32Array(Math.ceil((side * side) / 4));
      for (let i = 0; i < words32.length; i++) words32[i] = (rand() * 0x100000000) >>> 0;
      const pixels = Buffer.from(words32.buffer, 0, side * side);
      object(base + 2, `<< /Type /XObject /Subtype /Image /Width ${side} /Height ${side} /ColorSpace /DeviceGray /BitsPerComponent 8 /Length ${pixels.length} >>`, pixels);
    } else object(base + 2, '<< >>');
    kids.push(`${base} 0 R`);
  }
  object(1, '<< /Type /Catalog /Pages 2 0 R >>');
  object(2, `<< /Type /Pages /Kids [${kids.join(' ')}] /Count ${pages} >>`);
  object(3, '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>');
  const count = 4 + pages * 3;
  const xref = offset;
  const table = [`xref\n0 ${count}\n0000000000 65535 f \n`];
  for (let i = 1; i < count; i++) table.push(`${String(offsets[i]).padStart(10, '0')} 00000 n \n`);
  push(Buffer.from(`${table.join('')}trailer\n<< /Size ${count} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`, 'latin1'));
  return { data: Buffer.concat(chunks), planted };
}

/**
 * A workbook whose shared string table is `sstBytes` of XML (short unique strings: names with a
 * customer number), with a sheet of `rows` rows that point into it — every row also has a personnummer.
 */
function bigSharedStringsXlsx(file, sstBytes, rows, seed) {
  const rand = rng(seed);
  const names = ['Anna', 'Erik', 'Maria', 'Lars', 'Karin', 'Johan', 'Åsa', 'Per', 'Eva', 'Björn'];
  const parts = [];
  let bytes = 0;
  let count = 0;
  while (bytes < sstBytes) {
    const piece = [];
    for (let i = 0; i < 10_000; i++, count++) piece.push(`<si><t>${names[count % names.length]} kund ${count}</t></si>`);
    const buf = Buffer.from(piece.join(''), 'utf8');
    parts.push(buf);
    bytes += buf.length;
  }
  const sst = Buffer.concat([
    Buffer.from(`<?xml version="1.0" encoding="UTF-8" standalone="yes"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="${count}" uniqueCount="${count}">`),
    ...parts.splice(0),
    Buffer.from('</sst>'),
  ]);
  const sheetRows = [];
  const step = Math.max(1, Math.floor(count / rows));
  for (let r = 1; r <= rows; r++) {
    const n = personnummer(rand);
    sheetRows.push(`<row r="${r}"><c r="A${r}" t="s"><v>${((r - 1) * step) % count}</v></c><c r="B${r}" t="inlineStr"><is><t>${n.slice(0, 8)}-${n.slice(8)}</t></is></c></row>`);
  }
  const xml = (body) => `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>${body}`;
  writeFileSync(
    file,
    zip([
      { name: '[Content_Types].xml', data: xml('<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>') },
      { name: '_rels/.rels', data: xml('<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>') },
      { name: 'xl/workbook.xml', data: xml('<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Kunder" sheetId="1" r:id="rId1"/></sheets></workbook>') },
      { name: 'xl/_rels/workbook.xml.rels', data: xml('<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>') },
      { name: 'xl/sharedStrings.xml', data: sst },
      { name: 'xl/worksheets/sheet1.xml', data: xml(`<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>${sheetRows.join('')}</sheetData></worksheet>`) },
    ]),
  );
  return { planted: rows, strings: count };
}

/** Writes `targetBytes` of prose (one line in five with a number) piece by piece. */
function writeText(file, targetBytes, seed) {
  const fd = openSync(file, 'w');
  let bytes = 0;
  let planted = 0;
  try {
    for (let i = 0; bytes < targetBytes; i++) {
      const piece = textFile(seed + i, 20_000);
      writeSync(fd, piece.data);
      bytes += piece.data.length;
      planted += piece.planted;
    }
  } finally {
    closeSync(fd);
  }
  return { planted };
}

/** Writes `rows` csv rows (one personnummer each) in pieces of 100,000 rows. */
function writeCsv(file, rows, seed) {
  const fd = openSync(file, 'w');
  try {
    for (let done = 0, i = 0; done < rows; i++) {
      const n = Math.min(100_000, rows - done);
      let data = csvFile(seed + i, n).data;
      if (i > 0) data = data.subarray(data.indexOf(0x0a) + 1); // one header line
      writeSync(fd, data);
      done += n;
    }
  } finally {
    closeSync(fd);
  }
  return { planted: rows };
}

/** A zip of many members: registers, letters, workbooks, decisions, a mailbox and a nested zip. */
function manyMemberZip(file, seed, factor) {
  const entries = [];
  let planted = 0;
  const add = (name, piece) => {
    entries.push({ name, data: piece.data });
    planted += piece.planted;
  };
  const count = (n) => Math.max(1, Math.round(n * factor));
  for (let i = 0; i < count(40); i++) add(`register/lista${i}.csv`, csvFile(seed + i, 50_000));
  for (let i = 0; i < count(20); i++) add(`brev/brev${i}.docx`, bigDocx(seed + 100 + i, 8_000));
  for (let i = 0; i < count(20); i++) add(`listor/lista${i}.xlsx`, bigXlsx(seed + 200 + i, 10_000));
  for (let i = 0; i < count(10); i++) add(`beslut/beslut${i}.pdf`, bigPdf(seed + 300 + i, 200));
  for (let i = 0; i < count(200); i++) add(`anteckningar/a${i}.txt`, textFile(seed + 400 + i, 3_000));
  const mailbox = join(values.dir, 'zip-member.mbox');
  const mail = writeMailbox(mailbox, Math.round(30 * MB * factor), { seed: seed + 500 });
  entries.push({ name: 'post/inkorg.mbox', data: readFileSync(mailbox) });
  rmSync(mailbox);
  planted += mail.planted;
  const inner = [];
  for (let i = 0; i < count(10); i++) inner.push({ name: `inre/lista${i}.csv`, data: csvFile(seed + 600 + i, 20_000).data });
  planted += count(10) * 20_000;
  entries.push({ name: 'arkiv/inre.zip', data: zip(inner) });
  writeFileSync(file, zip(entries));
  return { planted };
}

/**
 * A mailbox of short messages that each carry a small photo (a 1x1 PNG): every attachment is a
 * member without text (`no-text-layer`), the case where a file gathers one warning per member.
 */
function photoMailbox(file, targetBytes, seed) {
  const rand = rng(seed);
  const png = Buffer.from('89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d4944415478da63f8cfc0f01f0005000201a5fd2b1f0000000049454e44ae426082', 'hex').toString('base64');
  const fd = openSync(file, 'w');
  let bytes = 0;
  let planted = 0;
  try {
    let pending = [];
    for (let m = 1; bytes < targetBytes; m++) {
      let body = `Hej!\nHär kommer bilden från mötet ${m}.\n`;
      if (rand() < 0.01) {
        const n = personnummer(rand);
        body += `Det gäller ${n.slice(0, 8)}-${n.slice(8)}.\n`;
        planted++;
      }
      const message =
        `From foto@example.se Mon Dec  7 10:00:00 2026\nFrom: foto@example.se\nTo: arkiv@example.se\nSubject: Bild ${m}\nMIME-Version: 1.0\n` +
        `Content-Type: multipart/mixed; boundary="b"\n\n--b\nContent-Type: text/plain; charset=utf-8\nContent-Transfer-Encoding: 8bit\n\n${body}--b\n` +
        `Content-Type: image/png; name="bild${m}.png"\nContent-Disposition: attachment; filename="bild${m}.png"\nContent-Transfer-Encoding: base64\n\n${png}\n--b--\n\n`;
      pending.push(message);
      bytes += Buffer.byteLength(message);
      if (pending.length === 10_000) {
        writeSync(fd, pending.join(''));
        pending = [];
      }
    }
    writeSync(fd, pending.join(''));
  } finally {
    closeSync(fd);
  }
  return { planted };
}

/**
 * A zip holding one Word document with `photoMb` MB of photos (incompressible) and a few thousand
 * paragraphs: a big member that is itself a zip, read from the outer archive as a stream.
 */
function docxWithPhotosZip(file, photoMb, seed) {
  const rand = rng(seed);
  const text = bigDocx(seed, 5_000);
  // The document's own parts, plus the photos in word/media.
  const parts = [];
  const inner = readZipEntries(text.data);
  for (const entry of inner) parts.push(entry);
  for (let i = 0; i < photoMb; i++) {
    const words32 = new Uint32Array(MB / 4);
    for (let k = 0; k < words32.length; k++) words32[k] = (rand() * 0x100000000) >>> 0;
    parts.push({ name: `word/media/image${i + 1}.jpeg`, data: Buffer.from(words32.buffer) });
  }
  writeFileSync(file, zip([{ name: 'rapporter/arsrapport.docx', data: zip(parts) }]));
  return { planted: text.planted };
}

/** The entries of a zip written by the fixture or bench zip writers (deflated or stored, no zip64). */
function readZipEntries(buffer) {
  const entries = [];
  for (let at = 0; buffer.readUInt32LE(at) === 0x04034b50; ) {
    const method = buffer.readUInt16LE(at + 8);
    const compressed = buffer.readUInt32LE(at + 18);
    const nameLength = buffer.readUInt16LE(at + 26);
    const extra = buffer.readUInt16LE(at + 28);
    const name = buffer.toString('utf8', at + 30, at + 30 + nameLength);
    const start = at + 30 + nameLength + extra;
    const body = buffer.subarray(start, start + compressed);
    entries.push({ name, data: method === 8 ? inflateRawSync(body) : Buffer.from(body) });
    at = start + compressed;
  }
  return entries;
}

/** A zip of a few big members (a mailbox, a text, a scanned PDF, a register): read as a streamed file. */
function bigMemberZip(file, seed, factor) {
  const mailbox = join(values.dir, 'zip-big-member.mbox');
  const mail = writeMailbox(mailbox, Math.round(150 * MB * factor), { seed });
  const text = join(values.dir, 'zip-big-member.txt');
  const prose = writeText(text, Math.round(150 * MB * factor), seed + 1);
  const scanned = bigPdf(seed + 2, Math.max(1, Math.round(800 * factor)), 100_000);
  const register = bigXlsx(seed + 3, Math.max(1, Math.round(100_000 * factor)));
  writeFileSync(
    file,
    zip([
      { name: 'post/inkorg.mbox', data: readFileSync(mailbox) },
      { name: 'logg/anteckningar.txt', data: readFileSync(text) },
      { name: 'beslut/inskannat.pdf', data: scanned.data },
      { name: 'listor/register.xlsx', data: register.data },
    ]),
  );
  rmSync(mailbox);
  rmSync(text);
  return { planted: mail.planted + prose.planted + scanned.planted + register.planted };
}

// ------------------------------------------------------------------ cases

const s = (n) => Math.max(1, Math.round(n * scale));
/** Writes a generated document (`{ data, … }`) to `file` and returns it for the case's counts. */
const written = (file, doc) => {
  writeFileSync(file, doc.data);
  return doc;
};
/** @type {{ id: string, file: string, what: string, make(file: string): { planted: number } }[]} */
const CASES = [
  {
    id: 'mbox-300',
    file: 'mail-dense.mbox',
    what: `${s(300)} MB mbox, many messages, csv/docx attachments, dense numbers`,
    make: (file) => writeMailbox(file, s(300) * MB, { seed: 4711 }),
  },
  {
    id: 'mbox-sparse-200',
    file: 'mail-sparse.mbox',
    what: `${s(200)} MB mbox, few numbers (csv attachments hold customer numbers)`,
    make: (file) => writeMailbox(file, s(200) * MB, { seed: 4712, numberRate: 0.002, listNumbers: false }),
  },
  {
    id: 'mbox-photos-200',
    file: 'mail-photos.mbox',
    what: `${s(200)} MB mbox of short messages with a photo each (a warning per attachment)`,
    make: (file) => photoMailbox(file, s(200) * MB, 4713),
  },
  {
    id: 'csv-250k',
    file: 'register-250k.csv',
    what: `${s(250_000).toLocaleString('en')}-row csv register, a personnummer per row`,
    make: (file) => writeCsv(file, s(250_000), 7001),
  },
  {
    id: 'csv-3m',
    file: 'register-3m.csv',
    what: `${s(3_000_000).toLocaleString('en')}-row csv register (past the per-file findings cap)`,
    make: (file) => writeCsv(file, s(3_000_000), 7101),
  },
  {
    id: 'xlsx-200k',
    file: 'register-200k.xlsx',
    what: `xlsx, ${s(200_000).toLocaleString('en')} rows x 6 columns, shared strings`,
    make: (file) => written(file, bigXlsx(7201, s(200_000))),
  },
  {
    id: 'xlsx-600k',
    file: 'register-600k.xlsx',
    what: `xlsx, ${s(600_000).toLocaleString('en')} rows x 6 columns, shared strings`,
    make: (file) => written(file, bigXlsx(7301, s(600_000))),
  },
  {
    id: 'xlsx-sst-450',
    file: 'shared-strings-450.xlsx',
    what: `xlsx whose shared string table is ${s(450)} MB of XML (short unique strings), 50,000 rows`,
    make: (file) => bigSharedStringsXlsx(file, s(450) * MB, 50_000, 7351),
  },
  {
    id: 'ods-200k',
    file: 'register-200k.ods',
    what: `ods, ${s(200_000).toLocaleString('en')} rows x 4 columns`,
    make: (file) => written(file, bigOds(7361, s(200_000))),
  },
  {
    id: 'docx-large',
    file: 'large.docx',
    what: `docx, ${s(300_000).toLocaleString('en')} paragraphs and tables`,
    make: (file) => written(file, bigDocx(7401, s(300_000))),
  },
  {
    id: 'pdf-text',
    file: 'large-text.pdf',
    what: `pdf, ${s(10_000).toLocaleString('en')} pages of text (the page limit)`,
    make: (file) => written(file, bigPdf(7501, s(10_000))),
  },
  {
    id: 'pdf-scanned',
    file: 'large-scanned.pdf',
    what: `pdf, ${s(2_000).toLocaleString('en')} pages with text and a 100 KB image each`,
    make: (file) => written(file, bigPdf(7601, s(2_000), 100_000)),
  },
  {
    id: 'zip-many',
    file: 'many-members.zip',
    what: 'zip of ~300 members: csv, docx, xlsx, pdf, txt, an mbox and a nested zip',
    make: (file) => manyMemberZip(file, 7701, scale),
  },
  {
    id: 'zip-big',
    file: 'big-members.zip',
    what: `zip of 4 big members: ${s(150)} MB mbox, ${s(150)} MB text, ${s(80)} MB scanned pdf, ${s(100_000).toLocaleString('en')}-row xlsx`,
    make: (file) => bigMemberZip(file, 7901, scale),
  },
  {
    id: 'zip-docx-photos',
    file: 'docx-with-photos.zip',
    what: `zip holding a docx with ${s(300)} MB of photos (a big member that is itself a zip)`,
    make: (file) => docxWithPhotosZip(file, s(300), 7951),
  },
  {
    id: 'text-1g',
    file: 'plain-1g.txt',
    what: `${s(1024)} MB plain text`,
    make: (file) => writeText(file, s(1024) * MB, 7801),
  },
];

if (values.list) {
  for (const c of CASES) console.log(`${c.id.padEnd(16)} ${c.what}`);
  process.exit(0);
}

const only = values.only ? new Set(values.only.split(',')) : null;
const selected = CASES.filter((c) => !only || only.has(c.id));
if (only && selected.length !== only.size) {
  console.error(`unknown case in --only; known: ${CASES.map((c) => c.id).join(', ')}`);
  process.exit(2);
}
const dir = join(values.dir, `scale-${scale}`);
mkdirSync(dir, { recursive: true });

/** Files larger than the CLI's default per-file limit need the limit flag, when the CLI has one. */
const help = spawnSync(process.execPath, [cli, 'scan', '--help'], { encoding: 'utf8' }).stdout;
const sizeFlag = ['--max-file-size', '--max-file-bytes'].find((f) => help.includes(f));

function generate(c) {
  const file = join(dir, c.file);
  const metaFile = `${file}.json`;
  if (existsSync(file) && existsSync(metaFile)) return { file, meta: JSON.parse(readFileSync(metaFile, 'utf8')) };
  const started = Date.now();
  const meta = c.make(file);
  writeFileSync(metaFile, JSON.stringify({ planted: meta.planted }));
  console.error(`generated ${file} (${(statSync(file).size / MB).toFixed(0)} MB) in ${((Date.now() - started) / 1000).toFixed(0)} s`);
  return { file, meta };
}

function resultOf(reportFile) {
  const report = JSON.parse(readFileSync(reportFile, 'utf8'));
  const file = report.files[0] ?? {};
  const warnings = new Map();
  for (const w of file.warnings ?? []) warnings.set(w.reason, (warnings.get(w.reason) ?? 0) + 1);
  return {
    status: file.status ?? '?',
    format: file.format ?? '?',
    findings: report.summary.findings,
    error: file.error ? `${file.error.reason}: ${file.error.message}` : '',
    warnings: [...warnings].map(([reason, n]) => `${reason} ×${n}`).join(', '),
  };
}

const rows = [];
for (const c of selected) {
  const { file, meta } = generate(c);
  const size = statSync(file).size;
  const report = join(dir, `${c.id}.report.json`);
  const args = [cli, 'scan', file, '--jobs', values.jobs, '--quiet', '--format', values.format, '-o', values.format === 'json' ? report : '/dev/null', '--fail-on', 'none'];
  if (sizeFlag && size > 512 * MB) args.push(sizeFlag, `${Math.ceil(size / MB) + 1}M`);
  let best = null;
  for (let i = 0; i < Number(values.runs); i++) {
    const r = await measure(process.execPath, args, { okCodes: [0, 1, 2] });
    if (!best || r.wallMs < best.wallMs) best = { ...r, peakRssMb: Math.max(r.peakRssMb, best?.peakRssMb ?? 0) };
    else best.peakRssMb = Math.max(best.peakRssMb, r.peakRssMb);
  }
  const result = values.format === 'json' && existsSync(report) ? resultOf(report) : { status: `exit ${best.code}`, format: '', findings: '', error: '', warnings: '' };
  if (!values['keep-reports']) rmSync(report, { force: true });
  const row = {
    id: c.id,
    what: c.what,
    mb: size / MB,
    planted: meta.planted,
    wall: best.wallMs / 1000,
    cpu: best.cpuMs / 1000,
    rss: best.peakRssMb,
    ...result,
  };
  rows.push(row);
  console.error(`${c.id}: ${row.rss.toFixed(0)} MB peak RSS, ${row.wall.toFixed(1)} s, ${row.status} ${row.findings} findings ${row.error}`);
}

console.log(`\ngallra scan FILE --jobs ${values.jobs} --quiet --format ${values.format} --fail-on none${sizeFlag ? ` (${sizeFlag} for files > 512 MB)` : ''}; scale ${scale}; best of ${values.runs}\n`);
console.log('| case | file | MB | planted | wall s | CPU s | MB/s | peak RSS MB | status | findings | error / warnings |');
console.log('|---|---|---:|---:|---:|---:|---:|---:|---|---:|---|');
for (const r of rows) {
  const over = r.rss > TARGET_MB ? ' **over 1 GB**' : '';
  const notes = [r.error, r.warnings].filter(Boolean).join('; ');
  console.log(
    `| ${r.id} | ${r.what} | ${r.mb.toFixed(0)} | ${r.planted.toLocaleString('en')} | ${r.wall.toFixed(1)} | ${r.cpu.toFixed(1)} | ${(r.mb / r.wall).toFixed(1)} | ${r.rss.toFixed(0)}${over} | ${r.status} ${r.format} | ${typeof r.findings === 'number' ? r.findings.toLocaleString('en') : r.findings} | ${notes} |`,
  );
}
