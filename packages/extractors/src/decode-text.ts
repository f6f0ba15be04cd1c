import { isAscii, isUtf8, transcode } from 'node:buffer';
/** Text encodings gallra recognises. */
export type TextEncoding = 'utf-8' | 'utf-16le' | 'utf-16be' | 'windows-1252';

/** Decoded text and the encoding that was used. */
export interface DecodedText {
  readonly text: string;
  readonly encoding: TextEncoding;
}

// windows-1252 differs from ISO-8859-1 only in 0x80–0x9F. Node 20's TextDecoder('windows-1252') maps
// those bytes to C1 controls (0x96 → U+0096 instead of the en dash), so the table is applied by hand.
// Undefined positions (0x81, 0x8D, 0x8F, 0x90, 0x9D) keep their C1 code point, as WHATWG does.
const CP1252_HIGH = [
  0x20ac, 0x81, 0x201a, 0x192, 0x201e, 0x2026, 0x2020, 0x2021, 0x2c6, 0x2030, 0x160, 0x2039, 0x152, 0x8d, 0x17d, 0x8f,
  0x90, 0x2018, 0x2019, 0x201c, 0x201d, 0x2022, 0x2013, 0x2014, 0x2dc, 0x2122, 0x161, 0x203a, 0x153, 0x9d, 0x17e, 0x178,
];
const C1 = /[\u0080-\u009f]/g;

/** Decodes windows-1252 bytes, including the 0x80–0x9F punctuation (en dash, curly quotes, €). */
export function decodeWindows1252(bytes: Uint8Array): string {
  const latin1 = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1');
  return latin1.replace(C1, (c) => String.fromCharCode(CP1252_HIGH[c.charCodeAt(0) - 0x80]!));
}

/** BOM length for the encoding, or 0. */
function bomOf(bytes: Uint8Array): { encoding: TextEncoding; length: number } | null {
  if (bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return { encoding: 'utf-8', length: 3 };
  if (bytes.length >= 2 && bytes[0] === 0xff && bytes[1] === 0xfe) return { encoding: 'utf-16le', length: 2 };
  if (bytes.length >= 2 && bytes[0] === 0xfe && bytes[1] === 0xff) return { encoding: 'utf-16be', length: 2 };
  return null;
}

/**
 * BOM-less UTF-16: text in Latin script has a NUL in (nearly) every other byte. Requires most of the
 * odd (LE) or even (BE) bytes of the probe to be zero and almost none of the others.
 */
function guessUtf16(probe: Uint8Array): TextEncoding | null {
  const pairs = Math.floor(probe.length / 2);
  if (pairs < 2) return null;
  let evenZero = 0;
  let oddZero = 0;
  for (let i = 0; i + 1 < probe.length; i += 2) {
    if (probe[i] === 0) evenZero++;
    if (probe[i + 1] === 0) oddZero++;
  }
  if (oddZero >= pairs * 0.6 && evenZero <= pairs * 0.02) return 'utf-16le';
  if (evenZero >= pairs * 0.6 && oddZero <= pairs * 0.02) return 'utf-16be';
  return null;
}

/** True when the bytes are valid UTF-8, allowing a sequence cut off at the very end. */
function isUtf8Prefix(bytes: Uint8Array): boolean {
  // Cut back to the start of a possibly incomplete trailing sequence (at most 3 bytes).
  let end = bytes.length;
  for (let k = 1; k <= 3 && end - k >= 0; k++) {
    const b = bytes[end - k]!;
    if ((b & 0xc0) === 0x80) continue; // continuation byte
    if (b >= 0xc0) end -= k; // lead byte whose sequence may be incomplete
    break;
  }
  // Same verdict as a fatal TextDecoder, without constructing one per call (that cost more than the check).
  return isUtf8(bytes.subarray(0, end));
}

/**
 * Identifies the encoding from the first bytes of a file: BOM, then BOM-less UTF-16, then strict UTF-8,
 * then windows-1252 (a superset of ISO-8859-1's printable characters, which covers å, ä, ö).
 * Returns null when the bytes look binary (NUL bytes that are not UTF-16).
 */
export function detectEncoding(head: Uint8Array): { encoding: TextEncoding; bomLength: number } | null {
  // Sniffers, `encodingOf` and `extract` all ask about the same head: answer repeats from a cache.
  const known = detectedByHead.get(head);
  if (known === undefined) return detectEncodingUncached(head);
  if (known !== NOT_YET) return known;
  const detected = detectEncodingUncached(head);
  detectedByHead.set(head, detected === null ? null : Object.freeze(detected));
  return detected;
}

/** Marks a registered head whose encoding has not been asked for yet. */
const NOT_YET = Object.freeze({ encoding: 'utf-8' as const, bomLength: -1 });
/**
 * Encodings of heads that are never written after creation (a format input's `head`), or NOT_YET.
 * One weak map: registering and answering cost a map operation each.
 */
const detectedByHead = new WeakMap<Uint8Array, { readonly encoding: TextEncoding; readonly bomLength: number } | null>();

/** Marks `head` as read-only for its lifetime, so {@link detectEncoding} answers repeats from a cache. */
export function registerSniffHead(head: Uint8Array): Uint8Array {
  detectedByHead.set(head, NOT_YET);
  return head;
}

function detectEncodingUncached(head: Uint8Array): { encoding: TextEncoding; bomLength: number } | null {
  const bom = bomOf(head);
  if (bom) return { encoding: bom.encoding, bomLength: bom.length };
  const probe = head.subarray(0, 8192);
  // BOM-less UTF-16 needs NULs in most byte pairs: without any NUL (a native search), skip counting them.
  const hasNul = probe.includes(0);
  const utf16 = hasNul ? guessUtf16(probe) : null;
  if (utf16) return { encoding: utf16, bomLength: 0 };
  if (hasNul) return null;
  return { encoding: isUtf8Prefix(probe) ? 'utf-8' : 'windows-1252', bomLength: 0 };
}

/**
 * Decodes a byte stream chunk by chunk. UTF-8 input that turns out not to be UTF-8 later on switches to
 * windows-1252 from that chunk on (what came before was valid UTF-8, so it was decoded right).
 */
export class StreamingTextDecoder {
  #encoding: TextEncoding;
  #skip: number;
  #utf: InstanceType<typeof TextDecoder> | null;

  constructor(encoding: TextEncoding, bomLength = 0) {
    this.#encoding = encoding;
    this.#skip = bomLength;
    this.#utf = encoding === 'windows-1252' ? null : new TextDecoder(encoding, { fatal: encoding === 'utf-8' });
  }

  /** The encoding in use now (may change from `utf-8` to `windows-1252`). */
  get encoding(): TextEncoding {
    return this.#encoding;
  }

  /** Decodes the next chunk. Pass `last` for the final call so incomplete sequences are flushed. */
  write(chunk: Uint8Array, last = false): string {
    if (this.#skip > 0) {
      const n = Math.min(this.#skip, chunk.length);
      chunk = chunk.subarray(n);
      this.#skip -= n;
    }
    if (this.#utf === null) return decodeWindows1252(chunk);
    try {
      return this.#utf.decode(chunk, { stream: !last });
    } catch {
      // Invalid UTF-8: the decoder dropped its state; decode this chunk and the rest as windows-1252.
      this.#utf = null;
      this.#encoding = 'windows-1252';
      return decodeWindows1252(chunk);
    }
  }
}

/** Above this size a whole-buffer decode goes through `TextDecoder` (no transcoded copy of twice the size). */
const MAX_TRANSCODED_BYTES = 32 * 1024 * 1024;

/**
 * Decodes `bytes` (what follows a UTF-8 BOM, if any) exactly as a fatal UTF-8 `TextDecoder` would, but
 * 2–3× faster: validity is checked natively (isUtf8), then the bytes are transcoded to UTF-16 natively and
 * read as a string. Returns null when that shortcut does not apply (invalid or cut-off UTF-8, a second
 * BOM — the decoder would drop it —, very large input, no ICU): the caller then decodes as before.
 */
export function decodeValidUtf8(bytes: Uint8Array): string | null {
  if (bytes.length > MAX_TRANSCODED_BYTES) return null;
  // ASCII (source code, logs, most exports) reads as Latin-1: one copy into a one-byte string, half
  // the size of the UTF-16 one and no transcoded buffer; 2x faster, and checking costs ~3 % of the
  // decode when the text turns out not to be ASCII.
  if (isAscii(bytes)) return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1');
  if (typeof transcode !== 'function') return null;
  if (bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return null;
  if (!isUtf8(bytes)) return null;
  return transcode(bytes, 'utf8', 'ucs2').toString('ucs2');
}

/**
 * Decodes bytes as text: BOM first (UTF-8, UTF-16 LE/BE), then BOM-less UTF-16, then strict UTF-8,
 * then windows-1252. Returns null when the bytes look binary (NUL bytes that are not UTF-16).
 */
export function decodeText(bytes: Uint8Array): DecodedText | null {
  const detected = detectEncoding(bytes);
  if (detected === null) return null;
  if (detected.encoding === 'utf-8') {
    const text = decodeValidUtf8(bytes.subarray(detected.bomLength));
    if (text !== null) return { text, encoding: 'utf-8' };
  }
  const decoder = new StreamingTextDecoder(detected.encoding, detected.bomLength);
  const text = decoder.write(bytes, true);
  return { text, encoding: decoder.encoding };
}
