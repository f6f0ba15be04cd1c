import { confidenceOf } from './confidence.js';
import { fingerprintValue } from './fingerprint.js';
import { luhnValid } from './luhn.js';
import type { DetectOptions, Finding } from './types.js';

/** A detector compiled once from options; `detect` is pure and never throws. */
export interface Detector {
  detect(text: string): Finding[];
}

// Scaffold implementation: canonical shapes only. Replaced by the full detector (spec §1).
const CANDIDATE = /(?<![\p{L}\p{N}_])((?:18|19|20)?)(\d{6})([-+]?)(\d{4})(?![\p{L}\p{N}_])/gu;

/** Compiles a detector once for many texts. */
export function createDetector(options: DetectOptions = {}): Detector {
  const minScore = options.minScore ?? 0.4;
  const key = options.fingerprintKey;
  return {
    detect(text: string): Finding[] {
      const out: Finding[] = [];
      for (const m of text.matchAll(CANDIDATE)) {
        const [, century = '', date = '', sep = '', tail = ''] = m;
        const d10 = date + tail;
        if (!luhnValid(d10)) continue;
        const month = Number(date.slice(2, 4));
        if (month < 1 || month > 12) continue;
        const year = century ? century + date.slice(0, 2) : (sep === '+' ? '19' : '19') + date.slice(0, 2);
        const normalized = year + date.slice(2) + tail;
        const score = 0.8;
        const confidence = confidenceOf(score);
        if (confidence === null || score < minScore) continue;
        out.push({
          type: 'PERSONNUMMER',
          detector: 'personnummer',
          start: m.index,
          end: m.index + m[0].length,
          score,
          confidence,
          normalized,
          masked: `${normalized.slice(0, 8)}-****`,
          fingerprint: fingerprintValue(normalized, key),
          testNumber: false,
          personal: true,
          evidence: [],
        });
      }
      return out;
    },
  };
}

/** One-shot convenience: `createDetector(options).detect(text)`. */
export function detect(text: string, options: DetectOptions = {}): Finding[] {
  return createDetector(options).detect(text);
}
