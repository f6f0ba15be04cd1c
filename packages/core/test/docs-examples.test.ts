import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createDetector } from '../src/index.js';
import { scanIdentityNumbers } from '../src/identity/scan.js';
import { scoreCandidates } from '../src/identity/score.js';
import { referenceDate } from '../src/identity/validate.js';

// The worked examples in docs/confidence.md are checked here, so the document cannot drift from the code.
const doc = readFileSync(join(import.meta.dirname, '..', '..', '..', 'docs', 'confidence.md'), 'utf8');
const section = doc.slice(doc.indexOf('## Worked examples'), doc.indexOf('## Accuracy'));
const rows = [...section.matchAll(/^\| `([^`]+)`( alone| with `context: '([^']+)'`)? \| ([\d.]+) \| (high|medium|low|—) \|/gm)];

describe('docs/confidence.md worked examples', () => {
  const NOW = new Date('2026-11-22T12:00:00Z');
  const detector = createDetector({ now: NOW, minScore: 0 });
  it('has examples to check', () => expect(rows.length).toBeGreaterThanOrEqual(10));
  for (const [, text, , context, score, level] of rows) {
    it(`${text}${context ? ` (context ${context})` : ''} → ${score} ${level}`, () => {
      // minScore 0 still drops scores below `low` (no level): the table shows them with "—".
      const all = createDetector({ now: NOW });
      const [f] = detector.detect(text!, context ? { context } : undefined);
      if (level === '—') {
        expect(all.detect(text!, context ? { context } : undefined)).toEqual([]);
        const scan = scanIdentityNumbers(text!, { reference: referenceDate(NOW), strictSamordningsnummer: false, includeNonPersonal: false });
        expect(scoreCandidates(text!, scan, context).scores[0]).toBe(Number(score));
        return;
      }
      expect(f?.score).toBe(Number(score));
      expect(f?.confidence).toBe(level);
    });
  }
});
