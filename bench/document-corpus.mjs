// Seeded generators of benchmark documents (docx, xlsx, pptx, odt, ods, html, txt, csv, zip) with
// Luhn-valid identity numbers made at run time (never committed). Used by extract-formats.mjs and
// extract-compare.mjs. Counts of planted numbers are returned so outputs can be checked.
import { ap, docx, esc, odf, p, pptx, r, table, xlsx } from '../fixtures/generate/ooxml.mjs';
import { zip } from '../fixtures/generate/zip-writer.mjs';
import { createRng } from '../fixtures/accuracy/lib/rng.mjs';

/** The seeded mulberry32 generator of the accuracy corpus (one implementation for every corpus). */
export const rng = (seed) => createRng(seed).next;

function luhnDigit(nine) {
  let sum = 0;
  for (let i = 0; i < 9; i++) {
    let d = Number(nine[i]) * (i % 2 === 0 ? 2 : 1);
    if (d > 9) d -= 9;
    sum += d;
  }
  return String((10 - (sum % 10)) % 10);
}

/** A random valid personnummer (12 digits) born 1940–2005. */
export function personnummer(rand) {
  const year = 1940 + Math.floor(rand() * 66);
  const month = 1 + Math.floor(rand() * 12);
  const day = 1 + Math.floor(rand() * 28);
  const serial = String(1 + Math.floor(rand() * 999)).padStart(3, '0'); // 000 is never issued
  const nine = `${String(year).slice(2)}${String(month).padStart(2, '0')}${String(day).padStart(2, '0')}${serial}`;
  return `${year}${nine.slice(2)}${luhnDigit(nine)}`;
}

const WORDS = 'och att det som en på är av för med till den har de inte om ett han men var jag sig från vi så kan man när år säger hon under också efter eller nu sin där vid mot ska skulle kommer ut får finns vara hade alla andra mycket än här då sedan över bara in blir upp även vad två utan genom kommun ärende handläggare beslut ansökan bilaga yttrande protokoll personal lön tjänst'.split(' ');
const NAMES = ['Anna', 'Erik', 'Maria', 'Lars', 'Karin', 'Johan', 'Åsa', 'Per', 'Eva', 'Björn', 'Ingrid', 'Sven'];
const SURNAMES = ['Andersson', 'Johansson', 'Karlsson', 'Nilsson', 'Eriksson', 'Larsson', 'Olsson', 'Persson', 'Svensson', 'Gustafsson'];

function sentence(rand, words = 12) {
  const out = [];
  for (let i = 0; i < words; i++) out.push(WORDS[Math.floor(rand() * WORDS.length)]);
  out[0] = out[0][0].toUpperCase() + out[0].slice(1);
  return `${out.join(' ')}.`;
}
const name = (rand) => `${NAMES[Math.floor(rand() * NAMES.length)]} ${SURNAMES[Math.floor(rand() * SURNAMES.length)]}`;
const dashed = (n) => `${n.slice(0, 8)}-${n.slice(8)}`;

/** A Word document of about `paragraphs` paragraphs; a third hold a number (some split over runs). */
export function bigDocx(seed, paragraphs) {
  const rand = rng(seed);
  let planted = 0;
  const body = [];
  for (let i = 0; i < paragraphs; i++) {
    const roll = rand();
    if (roll < 0.2) {
      const n = personnummer(rand);
      planted++;
      body.push(p(`${sentence(rand)} ${name(rand)}, personnummer `, dashed(n).slice(0, 9), r(n.slice(8), '<w:b/>'), `. ${sentence(rand, 8)}`));
    } else if (roll < 0.3) {
      const rows = [['Namn', 'Personnummer']];
      for (let k = 0; k < 3; k++) {
        rows.push([name(rand), dashed(personnummer(rand))]);
        planted++;
      }
      body.push(table(rows));
      i += 7;
    } else body.push(p(`${sentence(rand, 20)} ${sentence(rand, 14)}`));
  }
  return { data: docx({ body: body.join(''), props: { creator: name(rand) } }), planted };
}

/** A workbook of `rows` rows: name, number as text or as a number, amount, note. */
export function bigXlsx(seed, rows) {
  const rand = rng(seed);
  let planted = 0;
  const data = [['Namn', 'Personnummer', 'Belopp', 'Anteckning', 'Kod', 'Datum']];
  for (let i = 0; i < rows; i++) {
    const n = personnummer(rand);
    planted++;
    const kind = rand();
    const cell = kind < 0.4 ? dashed(n) : kind < 0.7 ? Number(n) : kind < 0.9 ? Number(n.slice(2)) : { n: Number(n.slice(2)), style: 1 };
    data.push([name(rand), cell, Math.round(rand() * 100000) / 100, sentence(rand, 4), Math.floor(rand() * 1e6), 45000 + Math.floor(rand() * 1000)]);
  }
  return { data: xlsx({ numFmts: [[164, '000000\\-0000']], cellXfs: [0, 164], sheets: [{ name: 'Register', rows: data }] }), planted };
}

/** A presentation of `slides` slides with speaker notes. */
export function bigPptx(seed, slides) {
  const rand = rng(seed);
  let planted = 0;
  const list = [];
  for (let i = 0; i < slides; i++) {
    const n = personnummer(rand);
    planted += 2;
    list.push({
      file: `slide${i + 1}.xml`,
      shapes: [[ap(sentence(rand, 5))], [ap(sentence(rand)), ap(`Kontakt ${name(rand)} ${dashed(n)}`), ap(sentence(rand))]],
      notes: [ap(`Ring ${dashed(personnummer(rand))} ${sentence(rand, 6)}`)],
    });
  }
  return { data: pptx({ slides: list }), planted };
}

const tp = (text) => `<text:p>${esc(text)}</text:p>`;

export function bigOdt(seed, paragraphs) {
  const rand = rng(seed);
  let planted = 0;
  const body = [];
  for (let i = 0; i < paragraphs; i++) {
    if (rand() < 0.25) {
      planted++;
      body.push(tp(`${sentence(rand)} ${name(rand)} ${dashed(personnummer(rand))}. ${sentence(rand, 8)}`));
    } else body.push(tp(`${sentence(rand, 20)} ${sentence(rand, 14)}`));
  }
  return { data: odf({ kind: 'text', body: body.join('') }), planted };
}

export function bigOds(seed, rows) {
  const rand = rng(seed);
  let planted = 0;
  const cell = (v) =>
    typeof v === 'number'
      ? `<table:table-cell office:value-type="float" office:value="${v}"><text:p>${v}</text:p></table:table-cell>`
      : `<table:table-cell office:value-type="string"><text:p>${esc(v)}</text:p></table:table-cell>`;
  const out = [`<table:table table:name="Register"><table:table-row>${['Namn', 'Personnummer', 'Belopp', 'Anteckning'].map(cell).join('')}</table:table-row>`];
  for (let i = 0; i < rows; i++) {
    const n = personnummer(rand);
    planted++;
    out.push(`<table:table-row>${[name(rand), rand() < 0.5 ? dashed(n) : Number(n), Math.round(rand() * 1e5) / 100, sentence(rand, 4)].map(cell).join('')}</table:table-row>`);
  }
  out.push('</table:table>');
  return { data: odf({ kind: 'spreadsheet', body: out.join('') }), planted };
}

export function textFile(seed, lines) {
  const rand = rng(seed);
  let planted = 0;
  const out = [];
  for (let i = 0; i < lines; i++) {
    if (rand() < 0.2) {
      planted++;
      out.push(`${sentence(rand, 6)} ${name(rand)} ${dashed(personnummer(rand))}`);
    } else out.push(sentence(rand, 14));
  }
  return { data: Buffer.from(`${out.join('\n')}\n`), planted };
}

export function csvFile(seed, rows) {
  const rand = rng(seed);
  const out = ['Namn;Personnummer;Belopp'];
  for (let i = 0; i < rows; i++) out.push(`${name(rand)};${dashed(personnummer(rand))};${Math.floor(rand() * 10000)}`);
  return { data: Buffer.from(`${out.join('\r\n')}\r\n`, 'latin1'), planted: rows };
}

export function htmlFile(seed, paragraphs) {
  const rand = rng(seed);
  let planted = 0;
  const out = ['<!DOCTYPE html><html><head><meta charset="utf-8"><title>Sida</title><style>p{margin:0}</style></head><body>'];
  for (let i = 0; i < paragraphs; i++) {
    if (rand() < 0.2) {
      planted++;
      out.push(`<p>${sentence(rand)} <b>${name(rand)}</b> ${dashed(personnummer(rand))}</p>`);
    } else out.push(`<p>${sentence(rand, 18)}</p>`);
  }
  out.push('</body></html>');
  return { data: Buffer.from(out.join('\n')), planted };
}

/** A zip archive of a few generated documents and text files. */
export function archive(seed) {
  const parts = [bigDocx(seed, 150), bigXlsx(seed + 1, 300), textFile(seed + 2, 400)];
  return {
    data: zip([
      { name: 'dokument/brev.docx', data: parts[0].data },
      { name: 'dokument/lista.xlsx', data: parts[1].data },
      { name: 'logg/anteckningar.txt', data: parts[2].data },
    ]),
    planted: parts.reduce((n, x) => n + x.planted, 0),
  };
}
