/**
 * `@gallra/core`: pure detectors for Swedish personal data.
 *
 * ```ts
 * import { detect } from '@gallra/core';
 * const findings = detect('Personnummer: 19640823-3234', { now: new Date('2026-11-22') });
 * // [{ type: 'PERSONNUMMER', masked: '19640823-****', testNumber: true, confidence: 'high', … }]
 * ```
 * @packageDocumentation
 */
export type { Confidence, DetectOptions, EntityType, Evidence, Finding } from './types.js';
export { confidenceOf, CONFIDENCE_RANK, CONFIDENCE_THRESHOLDS } from './confidence.js';
export { fingerprintValue, PUBLIC_FINGERPRINT_KEY } from './fingerprint.js';
export { luhnValid } from './luhn.js';
export { createDetector, detect } from './detect.js';
export type { Detector } from './detect.js';
