#!/usr/bin/env node
// Recall and precision of extraction + detection per format on the document fixtures
// (fixtures/documents and fixtures/documents-libreoffice, each with truth.json). A finding counts as
// a true positive when its number (10 digits after the century) and its location (member chain +
// place) match the truth exactly; a right number at a wrong place is a miss and a false positive.
// Not a pass/fail test (packages/extractors/test/fixtures.test.ts asserts the exact sets).
//
//   npm run build && node bench/extract-accuracy.mjs
import { createReadStream, existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { detect } from '@gallra/core';
import { extract } from '@gallra/extractors';

const root = join(import.meta.dirname, '..', 'fixtures');
const sets = ['documents', 'documents-libreoffice', 'documents/legacy', 'documents/mail'].map((d) => join(root, d)).filter((d) => existsSync(join(d, 'truth.json')));

function placeKey(place, lineOffset = 0) {
  switch (place.kind) {
    case 'text':
      return `line ${place.line + lineOffset}`;
    case 'paragraph':
      return `${place.part}#${place.index}${place.revision === 'original' ? ' (original)' : ''}`;
    case 'cell':
      return place.header !== undefined ? `${place.sheet}!${place.cell} [${place.header}]` : `${place.sheet}!${place.cell}`;
    case 'slide':
      return `slide ${place.slide}${place.notes ? ' notes' : ''}`;
    case 'metadata':
      return `meta:${place.field}`;
    case 'page':
      return `page ${place.page}`;
    case 'mail':
      return `message ${place.message} ${place.field}:${(place.line ?? 1) + lineOffset}`;
    default:
      return JSON.stringify(place);
  }
}
const key = (digits, member, place) => `${digits.slice(-10)} @ ${[...member, place].join(' > ')}`;

const perFormat = new Map();
for (const dir of sets) {
  const raw = JSON.parse(readFileSync(join(dir, 'truth.json'), 'utf8'));
  const truth = raw.files ?? raw; // the legacy truth nests its files
  for (const [file, expected] of Object.entries(truth)) {
    const path = join(dir, file);
    if (!existsSync(path)) continue;
    // Two truth dialects: {normalized, member, place: 'key'} and the legacy {value, place: Place}.
    const findings = (expected.sameAs ? truth[expected.sameAs] : expected).findings ?? [];
    const locatedTruth = findings.every((f) => f.place !== undefined);
    const expectedKeys = new Set(
      findings.map((f) => {
        const digits = f.normalized ?? f.value;
        if (!locatedTruth) return digits.slice(-10);
        return key(digits, f.member ?? [], typeof f.place === 'string' ? f.place : placeKey(f.place));
      }),
    );
    // The legacy truth lists document properties under `metadata` ({field: value}) rather than as findings.
    if (locatedTruth && expected.metadata) {
      for (const [field, value] of Object.entries(expected.metadata)) {
        for (const f of detect(String(value), { now: new Date('2026-12-01') })) {
          if (f.personal) expectedKeys.add(key(f.normalized, [], `meta:${field}`));
        }
      }
    }
    const found = new Set();
    let format = expected.format ?? 'unknown';
    try {
      const x = await extract({ name: path, size: statSync(path).size, path, open: () => createReadStream(path) });
      format = x.format;
      for await (const e of x.events) {
        if (e.kind !== 'segment') continue;
        for (const f of detect(e.segment.text, { now: new Date('2026-12-01') })) {
          if (!f.personal) continue;
          let offset = 0;
          if (e.segment.place.kind === 'text' || e.segment.place.kind === 'mail') offset = e.segment.text.slice(0, f.start).split('\n').length - 1;
          found.add(locatedTruth ? key(f.normalized, e.segment.member, placeKey(e.segment.place, offset)) : f.normalized.slice(-10));
        }
      }
    } catch {
      // errors are expected for hostile fixtures; their findings stay empty
    }
    const label = `${expected.format ?? format}${dir.endsWith('libreoffice') ? ' (LibreOffice)' : ''}`;
    const stats = perFormat.get(label) ?? { files: 0, tp: 0, fp: 0, fn: 0, located: locatedTruth };
    stats.files++;
    // A file marked `partial` (truncated on purpose) has no complete truth: what it yields is not scored as false.
    for (const k of found) if (expectedKeys.has(k)) stats.tp++;
    else if (!expected.partial) stats.fp++;
    for (const k of expectedKeys) if (!found.has(k)) stats.fn++;
    stats.located &&= locatedTruth;
    perFormat.set(label, stats);
  }
}

const pct = (a, b) => (b === 0 ? '–' : `${((100 * a) / b).toFixed(1)} %`);
console.log('| format | files | expected | found | true pos. | false pos. | missed | recall | precision | match on |');
console.log('|---|---:|---:|---:|---:|---:|---:|---:|---:|---|');
let all = { tp: 0, fp: 0, fn: 0, files: 0 };
for (const [label, s] of [...perFormat].sort()) {
  console.log(`| ${label} | ${s.files} | ${s.tp + s.fn} | ${s.tp + s.fp} | ${s.tp} | ${s.fp} | ${s.fn} | ${pct(s.tp, s.tp + s.fn)} | ${pct(s.tp, s.tp + s.fp)} | ${s.located ? 'number + location' : 'number'} |`);
  all = { tp: all.tp + s.tp, fp: all.fp + s.fp, fn: all.fn + s.fn, files: all.files + s.files };
}
console.log(`| **all** | ${all.files} | ${all.tp + all.fn} | ${all.tp + all.fp} | ${all.tp} | ${all.fp} | ${all.fn} | ${pct(all.tp, all.tp + all.fn)} | ${pct(all.tp, all.tp + all.fp)} | |`);
