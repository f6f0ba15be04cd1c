#!/usr/bin/env node
// Accuracy of @gallra/core on the labelled corpus (fixtures/accuracy): precision/recall/F1 overall, per
// entity type, surface form, context, document genre and confidence threshold, plus the top false
// positives/negatives by category (masked — no full number is ever printed).
//
//   npm run build && node bench/accuracy.mjs [--seed N] [--docs N] [--level high|medium|low]
//                                            [--sample] [--json FILE] [--top N] [--module PATH]
//
// Uses the built package (packages/core/dist), so run `npm run build` (tsc -b) first. `--module` measures
// another build instead (any ESM file exporting createDetector, e.g. a branch's packages/core/dist/index.js).
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { CORPUS_NOW, DEFAULT_SEED, generateCorpus, loadSampleSet } from '../fixtures/accuracy/corpus.mjs';
import { evaluate, formatReport, LEVELS, summarize } from '../fixtures/accuracy/evaluate.mjs';

const { values: args } = parseArgs({
  options: {
    seed: { type: 'string', default: String(DEFAULT_SEED) },
    docs: { type: 'string', default: '1500' },
    level: { type: 'string', default: 'medium' },
    sample: { type: 'boolean', default: false },
    json: { type: 'string' },
    top: { type: 'string', default: '15' },
    module: { type: 'string' },
  },
});
const { createDetector } = await import(args.module ? pathToFileURL(resolve(args.module)).href : '@gallra/core');
if (!LEVELS.includes(args.level)) throw new Error(`--level must be one of ${LEVELS.join(', ')}`);

const seed = Number(args.seed);
const docs = args.sample ? loadSampleSet() : generateCorpus({ seed, documents: Number(args.docs), now: CORPUS_NOW });
const detector = createDetector({ now: CORPUS_NOW, fingerprintKey: 'accuracy-bench' });
const result = evaluate(docs, (text) => detector.detect(text));
const summary = summarize(result, { level: args.level });
const source = args.sample ? 'hand-written sample set (fixtures/accuracy/sample)' : `generated corpus, seed ${seed}`;
console.log(formatReport(summary, { top: Number(args.top), title: `gallra accuracy — ${source}` }));

// Organisationsnummer must be classified as such (and never reported as personal, counted above).
const classifier = createDetector({ now: CORPUS_NOW, fingerprintKey: 'accuracy-bench', includeNonPersonal: true });
let orgLabels = 0;
let orgClassified = 0;
for (const doc of docs) {
  const orgs = doc.labels.filter((l) => l.type === 'ORGANISATIONSNUMMER');
  if (orgs.length === 0) continue;
  const found = classifier.detect(doc.text).filter((f) => f.type === 'ORGANISATIONSNUMMER');
  orgLabels += orgs.length;
  orgClassified += orgs.filter((l) => found.some((f) => f.start < l.end && l.start < f.end)).length;
}
console.log(`\nOrganisationsnummer classified as ORGANISATIONSNUMMER (includeNonPersonal): ${orgClassified}/${orgLabels}`);

if (args.json) {
  writeFileSync(args.json, JSON.stringify({ source, seed, generatedAt: new Date().toISOString(), summary }, null, 2));
  console.log(`summary written to ${args.json}`);
}
