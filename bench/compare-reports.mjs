#!/usr/bin/env node
// Correctness gate for performance changes: compares two JSON reports of the same tree file by file —
// format, encoding, status, error, warnings and every finding with its location — ignoring timing and
// file metadata. Exit code 1 and the first differences when they differ.
//
//   node packages/cli/bin.js scan DIR --format json --quiet --fail-on none > before.json
//   (change, npx tsc -b)
//   node packages/cli/bin.js scan DIR --format json --quiet --fail-on none > after.json
//   node bench/compare-reports.mjs before.json after.json
import { readFileSync } from 'node:fs';

const [beforePath, afterPath] = process.argv.slice(2);
if (!beforePath || !afterPath) {
  console.error('usage: node bench/compare-reports.mjs before.json after.json');
  process.exit(2);
}

function load(path) {
  const report = JSON.parse(readFileSync(path, 'utf8'));
  const files = new Map();
  for (const f of report.files) {
    const { format, encoding, status, error, warnings, findings } = f;
    files.set(`${f.root}\u0000${f.path}`, { path: f.path, key: JSON.stringify({ format, encoding, status, error, warnings, findings }), findings: findings.length });
  }
  return files;
}

const before = load(beforePath);
const after = load(afterPath);
let differing = 0;
let findings = 0;
const show = (label, path, a, b) => {
  if (differing++ >= 5) return;
  console.log(`${label} ${path}\n  before: ${a.slice(0, 400)}\n  after:  ${b.slice(0, 400)}`);
};
for (const [id, file] of before) {
  findings += file.findings;
  const other = after.get(id);
  if (!other) show('MISSING', file.path, file.key, '(not in the second report)');
  else if (other.key !== file.key) show('DIFF', file.path, file.key, other.key);
}
for (const [id, file] of after) if (!before.has(id)) show('EXTRA', file.path, '(not in the first report)', file.key);
console.log(`${before.size} files, ${findings} findings in the first report; ${differing} differing`);
process.exit(differing === 0 ? 0 : 1);
