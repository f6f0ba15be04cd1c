import { describe, expect, it } from 'vitest';
// Relative import on purpose: the root package has no dependency on @gallra/core, and this test measures
// the detector source as it is (docs/accuracy.md).
import { createDetector } from '../packages/core/src/index.js';
import { CORPUS_NOW, DEFAULT_SEED, generateCorpus, loadSampleSet, type LabelledDocument } from '../fixtures/accuracy/corpus.mjs';
import { documentScoreAt, evaluate, formatReport, maskedExample, scoreAt, summarize, type EvaluationResult } from '../fixtures/accuracy/evaluate.mjs';
import { classifyIdentity } from '../fixtures/accuracy/lib/identity.mjs';

const DOCUMENTS = 500;
const corpus = generateCorpus({ seed: DEFAULT_SEED, documents: DOCUMENTS, now: CORPUS_NOW });

/** What the corpus oracle (spec §1.4, independent of packages/core) says the digits of a span are. */
function oracleType(surface: string): string | null {
  const digits = surface.replace(/\D/g, '');
  if (digits.length === 12) return classifyIdentity(digits.slice(2), { century: digits.slice(0, 2), now: CORPUS_NOW }).type;
  if (digits.length === 10) return classifyIdentity(digits, { sep: surface.includes('+') ? '+' : '-', now: CORPUS_NOW }).type;
  return null;
}

/** Problems with the labels of `docs` (empty = all labels agree with the text and the oracle). */
function labelProblems(docs: readonly LabelledDocument[]): string[] {
  const problems: string[] = [];
  for (const doc of docs) {
    const sorted = [...doc.labels].sort((a, b) => a.start - b.start);
    sorted.forEach((l, i) => {
      const surface = doc.text.slice(l.start, l.end);
      const where = `${doc.id} ${l.start} ${l.type} ${l.form ?? l.category ?? ''}`;
      const digits = surface.replace(/\D/g, '');
      if (l.end <= l.start) problems.push(`${where}: empty`);
      if (/[\r\n]/.test(surface)) problems.push(`${where}: crosses a line`);
      if (i > 0 && l.start < sorted[i - 1]!.end) problems.push(`${where}: overlaps the previous label`);
      const type = oracleType(surface);
      if ((l.type === 'PERSONNUMMER' || l.type === 'SAMORDNINGSNUMMER' || l.type === 'ORGANISATIONSNUMMER') && type !== l.type) {
        problems.push(`${where}: oracle says ${type}`);
      }
      if (l.category && /^(invalid|future)/.test(l.category) && type !== null) problems.push(`${where}: oracle says ${type}`);
      // `hard` = passes date + Luhn in isolation (for longer digit runs: contains such a number).
      if (l.hard && /^\d{10}$|^\d{12}$/.test(digits) && type !== 'PERSONNUMMER' && type !== 'SAMORDNINGSNUMMER') {
        problems.push(`${where}: marked hard but oracle says ${type}`);
      }
      if (l.type === 'PARTIAL_PERSONNUMMER' && !/^\d{6}(\d{2})?-(XXXX|xxxx|\*\*\*\*)$/.test(surface)) problems.push(`${where}: not a masked number`);
    });
  }
  return problems;
}

describe('accuracy corpus', () => {
  it('is deterministic for a seed and differs between seeds', () => {
    const again = generateCorpus({ seed: DEFAULT_SEED, documents: 40, now: CORPUS_NOW });
    expect(again.map((d) => d.text)).toEqual(corpus.slice(0, 40).map((d) => d.text));
    const other = generateCorpus({ seed: DEFAULT_SEED + 1, documents: 40, now: CORPUS_NOW });
    expect(other.map((d) => d.text)).not.toEqual(again.map((d) => d.text));
  });

  it('labels valid identity numbers and invalid look-alikes correctly (checked by an independent oracle)', () => {
    expect(labelProblems(corpus)).toEqual([]);
  });

  it('covers every genre, CRLF files and the hard surface forms', () => {
    expect(new Set(corpus.map((d) => d.genre)).size).toBeGreaterThanOrEqual(18);
    expect(corpus.some((d) => d.newline === 'CRLF' && d.text.includes('\r\n'))).toBe(true);
    const forms = new Set(corpus.flatMap((d) => d.labels.map((l) => l.form)));
    for (const f of ['YYMMDD+NNNC', 'YYMMDDNNNC', 'YYYYMMDDNNNC', 'YYMMDD–NNNC (en dash)', 'YYMMDD NNNC (no-break space)']) expect(forms).toContain(f);
    const hard = corpus.flatMap((d) => d.labels.filter((l) => l.hard));
    expect(hard.length).toBeGreaterThan(50);
  });

  it('hand-written sample set: truth offsets point at the labelled numbers', () => {
    const sample = loadSampleSet();
    expect(sample.length).toBeGreaterThanOrEqual(15);
    expect(labelProblems(sample)).toEqual([]);
  });

  it('masks examples: no full number in the printed analysis', () => {
    const text = 'Personnummer: 19640823-3234, tel 070-174 06 05';
    const example = maskedExample(text, { start: 14, end: 27 });
    expect(example).toContain('19640823-****');
    expect(example).not.toMatch(/\d{9,}|3234/);
  });
});

// Floors sit a little below what main measured on this corpus (500 documents, seed 20261207) with core
// 23d31b3: see docs/accuracy.md. Raise them when the
// detector improves; never lower them to make a change pass without recording why in docs/accuracy.md.
describe('detector accuracy floors (docs/accuracy.md)', () => {
  const detector = createDetector({ now: CORPUS_NOW, fingerprintKey: 'accuracy-test' });
  const result: EvaluationResult = evaluate(corpus, (text) => detector.detect(text));
  const typed = (t: string, level: 'high' | 'medium' | 'low') =>
    scoreAt(result, level, { labelFilter: (l) => l.type === t, findingFilter: (m) => m.finding.type === t, typeStrict: true });

  it('finds almost every identity number at some confidence (measured 99.7 %)', () => {
    expect(scoreAt(result, 'low').recall).toBeGreaterThanOrEqual(0.98);
    expect(typed('PERSONNUMMER', 'low').recall).toBeGreaterThanOrEqual(0.98);
    expect(typed('SAMORDNINGSNUMMER', 'low').recall).toBeGreaterThanOrEqual(0.97);
  });

  it('recall at ≥ medium: overall 98.4 %, personnummer 98.5 %, samordningsnummer 96.8 %, interim/masked 100 % (type must match)', () => {
    expect(scoreAt(result, 'medium').recall).toBeGreaterThanOrEqual(0.96);
    expect(typed('PERSONNUMMER', 'medium').recall).toBeGreaterThanOrEqual(0.96);
    expect(typed('SAMORDNINGSNUMMER', 'medium').recall).toBeGreaterThanOrEqual(0.95);
    expect(typed('INTERIM_NUMBER', 'medium').recall).toBeGreaterThanOrEqual(0.9);
    expect(typed('PARTIAL_PERSONNUMMER', 'medium').recall).toBeGreaterThanOrEqual(0.9);
  });

  it('recall at high confidence: overall 88.3 %, personnummer 90.4 %, samordningsnummer 80.1 %', () => {
    expect(scoreAt(result, 'high').recall).toBeGreaterThanOrEqual(0.85);
    expect(typed('PERSONNUMMER', 'high').recall).toBeGreaterThanOrEqual(0.87);
    expect(typed('SAMORDNINGSNUMMER', 'high').recall).toBeGreaterThanOrEqual(0.72);
  });

  it('precision: ≥ high 100 %, ≥ medium 99.5 % (10 FP), ≥ low 97.1 %', () => {
    expect(scoreAt(result, 'high').precision).toBeGreaterThanOrEqual(0.99);
    expect(scoreAt(result, 'medium').precision).toBeGreaterThanOrEqual(0.99);
    expect(scoreAt(result, 'low').precision).toBeGreaterThanOrEqual(0.96);
  });

  it('prints the analysis without any full identity number', () => {
    const report = ['high', 'medium', 'low'].map((level) => formatReport(summarize(result, { level: level as 'high' }), { top: 50 })).join('\n');
    expect(report).toContain('Top false negatives');
    expect(report).not.toMatch(/\d{6}(\d{2})?[-+\u2013\u2011 \u00a0]?\d{4}/);
    const digitsOnly = report.replace(/\D+/g, ' ');
    const leaked = result.labels.filter((l) => l.kind === 'personal').map((l) => l.doc.text.slice(l.start, l.end).replace(/\D/g, '')).filter((d) => d.length >= 10 && digitsOnly.includes(d));
    expect(leaked).toEqual([]);
  });

  it('per file: ≥ medium flags 98.7 % of files with identity numbers and none of the 106 without', () => {
    const medium = documentScoreAt(result, 'medium');
    expect(medium.without).toBeGreaterThan(50);
    expect(medium.recall).toBeGreaterThanOrEqual(0.96);
    expect(medium.falseAlarms).toBeLessThanOrEqual(2);
  });

  it('hand-written sample set (written apart from the generator): ≥ medium 100 % / 95.5 %, ≥ low recall 100 %', () => {
    const sample = evaluate(loadSampleSet(), (text) => detector.detect(text));
    expect(scoreAt(sample, 'medium').recall).toBeGreaterThanOrEqual(0.88);
    expect(scoreAt(sample, 'medium').precision).toBeGreaterThanOrEqual(0.95);
    expect(scoreAt(sample, 'low').recall).toBeGreaterThanOrEqual(0.97);
  });

  it('never reports these look-alikes as personal data, at any confidence', () => {
    const summary = summarize(result, { level: 'low' });
    const never = [
      /^organisationsnummer$/,
      /^invalid (check digit|date)$/,
      /^future birth date/,
      /^identity inside longer digit run$/,
      /^phone: PTS fiction series/,
      /^phone: (mobile|landline) (grouped|intl|intlZero|dashed)$/,
      /^OCR reference$/,
      /^customer number$/,
      /^(IBAN|credit card number|EAN-13 barcode|timestamp YYYYMMDDhhmmss|epoch milliseconds)$/,
    ];
    const reported = summary.fpByCategory.filter((c) => never.some((re) => re.test(c.key))).map((c) => `${c.key}: ${c.fp}`);
    expect(reported).toEqual([]);
    // The categories exist in the corpus, so the assertion above is not vacuous.
    const labelled = new Set(summary.decoyCategories.map((c) => c.key));
    for (const re of never) expect([...labelled].some((k) => re.test(k)), String(re)).toBe(true);
  });
});
