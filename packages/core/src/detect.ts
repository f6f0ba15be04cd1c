import { confidenceOf } from './confidence.js';
import { createFingerprinter } from './fingerprint.js';
import { scoreCandidates } from './identity/score.js';
import { scanIdentityNumbers, type ScanSettings } from './identity/scan.js';
import { referenceDate } from './identity/validate.js';
import type { DetectCallOptions, DetectOptions, Finding } from './types.js';

/** A detector compiled once from options; `detect` is pure and never throws. */
export interface Detector {
  /**
   * Finds identity numbers in `text`. Offsets are UTF-16 indices into `text` (byte offsets with
   * `form: 'utf8-bytes'`). `options.context` (a column header or field label) counts as keyword
   * context right before the text.
   */
  detect(text: string, options?: DetectCallOptions): Finding[];
}

/**
 * Compiles a detector once for many texts: options are read, the fingerprint key is prepared and
 * the keyword table compiled here, so `detect` does only the per-text work.
 *
 * The detector makes one linear pass over the text looking for digit runs (a charCode scan that
 * looks at every fourth character in ordinary prose), validates candidates (Luhn, calendar,
 * century), and only for valid candidates reads keyword context, scores, masks and fingerprints.
 *
 * @example
 * ```ts
 * const detector = createDetector({ now: new Date('2026-11-22'), fingerprintKey: mySecret });
 * detector.detect('Personnummer: 640823-3234');
 * detector.detect('640823-3234', { context: 'Personnummer' }); // a spreadsheet cell under that header
 * ```
 */
export function createDetector(options: DetectOptions = {}): Detector {
  const minScore = options.minScore ?? 0.4;
  const fingerprint = createFingerprinter(options.fingerprintKey);
  const fixedNow = options.now;
  const includeNonPersonal = options.includeNonPersonal ?? false;
  const strictSamordningsnummer = options.strictSamordningsnummer ?? false;
  const fixedReference = fixedNow === undefined ? undefined : referenceDate(fixedNow);

  return {
    detect(text: string, callOptions?: DetectCallOptions): Finding[] {
      if (typeof text !== 'string' || text.length < 8) return [];
      const utf8Bytes = callOptions?.form === 'utf8-bytes';
      const settings: ScanSettings = {
        reference: fixedReference ?? referenceDate(new Date()),
        strictSamordningsnummer,
        includeNonPersonal,
        utf8Bytes,
      };
      const scan = scanIdentityNumbers(text, settings);
      if (scan.candidates.length === 0) return [];
      const { scores, evidence } = scoreCandidates(text, scan, callOptions?.context, utf8Bytes);
      const out: Finding[] = [];
      const candidates = scan.candidates;
      for (let i = 0; i < candidates.length; i++) {
        const score = scores[i]!;
        if (score < minScore) continue;
        const confidence = confidenceOf(score);
        if (confidence === null) continue;
        const c = candidates[i]!;
        out.push({
          type: c.type,
          detector: 'identity-number',
          start: c.start,
          end: c.end,
          score,
          confidence,
          normalized: c.normalized,
          masked: maskedOf(c.normalized, c.type === 'ORGANISATIONSNUMMER' ? 2 : 0),
          fingerprint: fingerprint(c.normalized),
          testNumber: c.testNumber,
          personal: c.personal,
          evidence: evidence[i]!,
        });
      }
      return out;
    },
  };
}

/** `normalized` from `from` to its eighth character, then `-****`, as one flat string. */
function maskedOf(normalized: string, from: number): string {
  const n = normalized;
  return from === 0
    ? String.fromCharCode(n.charCodeAt(0), n.charCodeAt(1), n.charCodeAt(2), n.charCodeAt(3), n.charCodeAt(4), n.charCodeAt(5), n.charCodeAt(6), n.charCodeAt(7), 45, 42, 42, 42, 42)
    : String.fromCharCode(n.charCodeAt(2), n.charCodeAt(3), n.charCodeAt(4), n.charCodeAt(5), n.charCodeAt(6), n.charCodeAt(7), 45, 42, 42, 42, 42);
}

/** One-shot convenience: `createDetector(options).detect(text)`. Prefer a reused detector in loops. */
export function detect(text: string, options: DetectOptions & DetectCallOptions = {}): Finding[] {
  const { context, form } = options;
  const call: DetectCallOptions = { ...(context === undefined ? {} : { context }), ...(form === undefined ? {} : { form }) };
  return createDetector(options).detect(text, call);
}
