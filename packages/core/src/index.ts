/**
 * `@gallra/core`: pure detectors for Swedish personal data. No file or network I/O.
 *
 * ```ts
 * import { createDetector } from '@gallra/core';
 * const detector = createDetector({ now: new Date('2026-11-22'), fingerprintKey: secret });
 * detector.detect('Personnummer: 19640823-3234');
 * // [{ type: 'PERSONNUMMER', masked: '19640823-****', testNumber: true, confidence: 'high', … }]
 * detector.detect('640823-3234', { context: 'Personnummer' }); // a cell under that column header
 * ```
 * @packageDocumentation
 */
export type { Confidence, DetectCallOptions, DetectOptions, EntityType, Evidence, Finding } from './types.js';
export { confidenceOf, CONFIDENCE_RANK, CONFIDENCE_THRESHOLDS } from './confidence.js';
export { createFingerprinter, fingerprintValue, PUBLIC_FINGERPRINT_KEY } from './fingerprint.js';
export type { Fingerprinter } from './fingerprint.js';
export { luhnValid } from './luhn.js';
export { decodeUtf8ByteString, utf16OffsetOfUtf8Byte } from './utf8-form.js';
export { createDetector, detect } from './detect.js';
export type { Detector } from './detect.js';
export { parsePersonnummer } from './identity/parse.js';
export type { IdentityNumberParts, ParseOptions, ParseResult } from './identity/parse.js';
export type { IdentityKind, ParseFailureReason } from './identity/validate.js';
export { maskIdentityNumber } from './identity/mask.js';
export { isTestNumber } from './test-numbers.js';
export { SCORING } from './identity/score.js';
export { PERSON_KEYWORDS, INTERIM_KEYWORDS, ORGANISATION_KEYWORDS, OTHER_NEGATIVE_KEYWORDS } from './identity/keywords.js';
