/**
 * `@gallra/extractors`: bytes in, located text segments out.
 *
 * ```ts
 * import { createReadStream, statSync } from 'node:fs';
 * import { extract } from '@gallra/extractors';
 * const { format, events } = await extract({ name: 'a.txt', size: statSync('a.txt').size, open: () => createReadStream('a.txt') });
 * for await (const e of events) if (e.kind === 'segment') console.log(e.segment.place, e.segment.text.length);
 * ```
 * @packageDocumentation
 */
export type {
  ExtractEvent,
  ExtractInput,
  ExtractLimits,
  ExtractOptions,
  Extraction,
  ExtractionProblem,
  ExtractionReason,
  Place,
  Segment,
  TextForm,
} from './types.js';
export { ExtractionError } from './errors.js';
export { MemberCache } from './dispatch/member-cache.js';
export type { MemberCacheOptions, MemberCacheStats } from './dispatch/member-cache.js';
export { defineFormat } from './format.js';
export type { Format, FormatContext, FormatEvent, FormatInput, FormatMeta } from './format.js';
export { DEFAULT_LIMITS, resolveLimits } from './limits.js';
export { decodeText, decodeWindows1252, detectEncoding, StreamingTextDecoder } from './decode-text.js';
export type { DecodedText, TextEncoding } from './decode-text.js';
export { extract, registeredFormats } from './extract.js';
export { utf16LengthOfUtf8 } from './utf8-bytes.js';
