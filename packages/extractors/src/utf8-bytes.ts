/**
 * Helpers for text in the `utf8-bytes` form (see `TextForm`): a string holding valid UTF-8 bytes one
 * byte per char. They answer "how many UTF-16 code units would this be once decoded" without decoding,
 * so segment cuts and report columns come out exactly as they would for decoded text.
 */

/**
 * UTF-16 length of the decoded form of `bytes[start, end)`, where `bytes` is valid UTF-8 in the
 * `utf8-bytes` form and `start`/`end` fall on character boundaries: one unit per character, two for a
 * character outside the BMP (a 4-byte sequence, a surrogate pair once decoded).
 */
export function utf16LengthOfUtf8(bytes: string, start: number, end: number): number {
  let units = 0;
  for (let i = start; i < end; i++) {
    const b = bytes.charCodeAt(i);
    // Continuation bytes (10xxxxxx) add nothing; a lead byte of a 4-byte sequence adds a second unit.
    if ((b & 0xc0) !== 0x80) units += b >= 0xf0 ? 2 : 1;
  }
  return units;
}

/**
 * The offset in `bytes` (valid UTF-8), from `start`, at which the decoded text reaches `units` UTF-16
 * code units: the first character boundary with at least that many units before it. -1 when the bytes
 * from `start` to the end decode to fewer units.
 */
export function utf8OffsetOfUnits(bytes: Uint8Array, start: number, units: number): number {
  // Every byte is at most one unit: fewer bytes than units cannot reach it.
  if (bytes.length - start < units) return -1;
  let seen = 0;
  let i = start;
  const end = bytes.length;
  while (seen < units) {
    if (i >= end) return -1;
    const b = bytes[i]!;
    if (b < 0x80) {
      i += 1;
      seen += 1;
    } else if (b < 0xe0) {
      i += 2;
      seen += 1;
    } else if (b < 0xf0) {
      i += 3;
      seen += 1;
    } else {
      i += 4;
      seen += 2;
    }
  }
  return i;
}
