import { describe, expect, it } from 'vitest';
// Relative import on purpose: the root package has no dependency on @gallra/core, and this test measures
// the detector source as it is (docs/accuracy.md).
import { createDetector } from '../packages/core/src/index.js';
import { CORPUS_NOW, DEFAULT_SEED, generateCorpus, loadSampleSet, type LabelledDocument } from '../fixtures/accuracy/corpus.mjs';
import { evaluate, maskedExample, scoreAt, summarize, type EvaluationResult } from '../fixtures/accuracy/evaluate.mjs';
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

function checkLabels(docs: readonly LabelledDocument[]): void {
  for (const doc of docs) {
    const sorted = [...doc.labels].sort((a, b) => a.start - b.start);
    for (let i = 0; i < sorted.length; i++) {
      const l = sorted[i]!;
      const surface = doc.text.slice(l.start, l.end);
      expect(l.end, `${doc.id}: empty label`).toBeGreaterThan(l.start);
      expect(surface, `${doc.id}: label crosses a line`).not.toMatch(/[\r\n]/);
      if (i > 0) expect(l.start, `${doc.id}: labels overlap`).toBeGreaterThanOrEqual(sorted[i - 1]!.end);
      if (l.type === 'PERSONNUMMER' || l.type === 'SAMORDNINGSNUMMER') {
        expect(oracleType(surface), `${doc.id} ${l.form}: ${l.type} label fails the oracle`).toBe(l.type);
      }
      if (l.type === 'ORGANISATIONSNUMMER') expect(oracleType(surface)).toBe('ORGANISATIONSNUMMER');
      if (l.category && /^(invalid|future)/.test(l.category)) expect(oracleType(surface), `${doc.id} ${l.category}`).toBeNull();
      // `hard` = passes date + Luhn in isolation (for longer digit runs: contains such a number).
      if (l.hard && /^\d{10}$|^\d{12}$/.test(surface.replace(/\D/g, ''))) {
        expect(['PERSONNUMMER', 'SAMORDNINGSNUMMER']).toContain(oracleType(surface));
      }
    }
  }
}

describe('accuracy corpus', () => {
  it('is deterministic for a seed and differs between seeds', () => {
    const again = generateCorpus({ seed: DEFAULT_SEED, documents: 40, now: CORPUS_NOW });
    expect(again.map((d) => d.text)).toEqual(corpus.slice(0, 40).map((d) => d.text));
    const other = generateCorpus({ seed: DEFAULT_SEED + 1, documents: 40, now: CORPUS_NOW });
    expect(other.map((d) => d.text)).not.toEqual(again.map((d) => d.text));
  });

  it('labels valid identity numbers and invalid look-alikes correctly (checked by an independent oracle)', () => {
    checkLabels(corpus);
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
    checkLabels(sample);
  });

  it('masks examples: no full number in the printed analysis', () => {
    const text = 'Personnummer: 19640823-3234, tel 070-174 06 05';
    const example = maskedExample(text, { start: 14, end: 27 });
    expect(example).toContain('19640823-****');
    expect(example).not.toMatch(/\d{9,}|3234/);
  });
});

describe('detector accuracy floors (set below the measured figures; docs/accuracy.md)', () => {
  const detector = createDetector({ now: CORPUS_NOW, fingerprintKey: 'accuracy-test' });
  const result: EvaluationResult = evaluate(corpus, (text) => detector.detect(text));
  const summary = summarize(result, { level: 'medium' });
  const type = (t: string) => summary.byType.find((r) => r.key === t);

  it('finds personnummer (any confidence)', () => {
    const s = scoreAt(result, 'low', { labelFilter: (l) => l.type === 'PERSONNUMMER' });
    expect(s.recall).toBeGreaterThanOrEqual(0.9);
  });

  it('finds identity numbers at ≥ medium confidence', () => {
    const s = scoreAt(result, 'medium');
    expect(s.recall).toBeGreaterThanOrEqual(0.8);
    expect(type('PERSONNUMMER')?.recall ?? 0).toBeGreaterThanOrEqual(0.8);
  });

  it('keeps precision at ≥ medium confidence', () => {
    expect(scoreAt(result, 'medium').precision).toBeGreaterThanOrEqual(0.8);
  });

  it('never reports organisationsnummer, invalid check digits or phone numbers in phone grouping at ≥ medium', () => {
    const reported = (category: RegExp) => summary.fpByCategory.filter((c) => category.test(c.key)).reduce((n, c) => n + c.fp, 0);
    expect(reported(/^organisationsnummer$/)).toBe(0);
    expect(reported(/^invalid check digit$/)).toBe(0);
    expect(reported(/^phone: (mobile|landline) (grouped|intl|intlZero)$/)).toBe(0);
  });
});
