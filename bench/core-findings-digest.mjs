#!/usr/bin/env node
// Digest of every finding (all fields: offsets, type, score, confidence, evidence, fingerprint…) that the
// @gallra/core detector reports on a corpus, to prove a performance change leaves results identical.
//
//   npm run build && node bench/core-findings-digest.mjs [--dir /tmp/gb-big/text] [--core path/to/core/dist/index.js]
//                     [--form text|utf8-bytes] [--out findings.jsonl]
//
// Prints one SHA-256 over all findings of all files (files in sorted order) and the finding count.
// `--core` points at another build (e.g. a copy of main's packages/core/dist) for a before/after run;
// `--form utf8-bytes` detects on the undecoded bytes and maps offsets back to UTF-16 offsets, so its
// digest must equal the `text` digest. `--out` writes one JSON line per file for diffing.
import { createHash } from 'node:crypto';
import { createWriteStream, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { listFiles } from './lib/list-files.mjs';

const { values } = parseArgs({
  options: {
    dir: { type: 'string', default: '/tmp/gb-big/text' },
    core: { type: 'string' },
    form: { type: 'string', default: 'text' },
    out: { type: 'string' },
  },
});
const core = values.core ? await import(pathToFileURL(resolve(values.core)).href) : await import('@gallra/core');


const files = listFiles(values.dir, { hidden: true }).sort();
const detector = core.createDetector({ now: new Date('2026-12-07T12:00:00Z'), fingerprintKey: 'digest' });
const decoder = new TextDecoder('utf-8', { fatal: true });
const hash = createHash('sha256');
const out = values.out ? createWriteStream(values.out) : undefined;
let count = 0;
for (const file of files) {
  const bytes = readFileSync(file);
  let findings;
  if (values.form === 'utf8-bytes') {
    const byteText = bytes.latin1Slice(0, bytes.length);
    findings = detector.detect(byteText, { form: 'utf8-bytes' });
    let fromByte = 0;
    let fromUnit = 0;
    const unitOf = (b) => {
      fromUnit = core.utf16OffsetOfUtf8Byte(byteText, b, fromByte, fromUnit);
      fromByte = b;
      return fromUnit;
    };
    findings = findings.map((f) => ({ ...f, start: unitOf(f.start), end: unitOf(f.end) }));
  } else {
    findings = detector.detect(decoder.decode(bytes));
  }
  count += findings.length;
  const line = JSON.stringify({ file: file.slice(values.dir.length), findings });
  hash.update(line);
  out?.write(`${line}\n`);
}
out?.end();
console.log(`${files.length} files · ${count} findings · form ${values.form} · sha256 ${hash.digest('hex')}`);
