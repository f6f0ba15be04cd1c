/**
 * The `utf8-bytes` text form: UTF-8 bytes given as a string of one char per byte (what
 * `Buffer#latin1Slice` returns), so a caller can skip decoding. The detector reads such a string
 * char by char through these helpers, which answer what the decoded text would hold at the same
 * place: the UTF-16 code unit of the character starting (or ending) at a byte offset, and how many
 * bytes it takes. Characters outside the BMP (four bytes) are two UTF-16 units in decoded text; the
 * helpers report their surrogate halves so that every char-class decision is the same as on
 * decoded text. Input that is not valid UTF-8 never throws; results on it are unspecified.
 */

/** The high-surrogate value reported for the first unit of a four-byte character. */
const HIGH_SURROGATE = 0xd800;
/** The low-surrogate value reported for the second unit of a four-byte character. */
const LOW_SURROGATE = 0xdc00;

function isContinuation(b: number): boolean {
  return (b & 0xc0) === 0x80;
}

/** Byte length of the character whose lead byte is at `k` (1 for ASCII and for stray bytes). */
export function utf8WidthAt(bytes: string, k: number): number {
  const b = bytes.charCodeAt(k);
  if (b < 0xc0) return 1;
  const width = b < 0xe0 ? 2 : b < 0xf0 ? 3 : 4;
  for (let i = 1; i < width; i++) if (!isContinuation(bytes.charCodeAt(k + i))) return 1;
  return width;
}

/**
 * The first UTF-16 code unit of the character starting at byte `k` (for a four-byte character:
 * a high surrogate), or -1 past the end.
 */
export function utf8UnitAt(bytes: string, k: number): number {
  if (k >= bytes.length) return -1;
  const b = bytes.charCodeAt(k);
  if (b < 0x80) return b;
  switch (utf8WidthAt(bytes, k)) {
    case 2:
      return ((b & 0x1f) << 6) | (bytes.charCodeAt(k + 1) & 0x3f);
    case 3:
      return ((b & 0x0f) << 12) | ((bytes.charCodeAt(k + 1) & 0x3f) << 6) | (bytes.charCodeAt(k + 2) & 0x3f);
    case 4:
      return HIGH_SURROGATE;
    default:
      return 0xfffd;
  }
}

/** Byte length of the character that ends right before byte `k` (0 at the start). */
export function utf8WidthBefore(bytes: string, k: number): number {
  if (k <= 0) return 0;
  let s = k - 1;
  const stop = Math.max(0, k - 4);
  while (s > stop && isContinuation(bytes.charCodeAt(s))) s--;
  const width = utf8WidthAt(bytes, s);
  return s + width === k ? width : 1;
}

/**
 * The last UTF-16 code unit of the character that ends right before byte `k` (for a four-byte
 * character: a low surrogate), or -1 at the start.
 */
export function utf8UnitBefore(bytes: string, k: number): number {
  if (k <= 0) return -1;
  const b = bytes.charCodeAt(k - 1);
  if (b < 0x80) return b;
  const width = utf8WidthBefore(bytes, k);
  if (width === 4) return LOW_SURROGATE;
  return width === 1 ? 0xfffd : utf8UnitAt(bytes, k - width);
}

/**
 * The code unit that follows the first unit of the character at `k`: the low surrogate of a
 * four-byte character, else the first unit of the next character.
 */
export function utf8UnitAfterUnitAt(bytes: string, k: number): number {
  const width = utf8WidthAt(bytes, k);
  return width === 4 ? LOW_SURROGATE : utf8UnitAt(bytes, k + width);
}

/**
 * The code unit before the last unit of the character ending at `k`: the high surrogate of a
 * four-byte character, else the last unit of the character before it.
 */
export function utf8UnitBeforeUnitBefore(bytes: string, k: number): number {
  const width = utf8WidthBefore(bytes, k);
  if (width === 0) return -1;
  return width === 4 ? HIGH_SURROGATE : utf8UnitBefore(bytes, k - width);
}

/** UTF-16 length of the decoded text of bytes `[from, to)` (both on character boundaries). */
function unitsBetween(bytes: string, from: number, to: number): number {
  let units = to - from;
  for (let k = from; k < to; k++) {
    const b = bytes.charCodeAt(k);
    // Continuation bytes add no unit; a four-byte lead adds a second one.
    if (b >= 0x80) units += b < 0xc0 ? -1 : b >= 0xf0 ? 1 : 0;
  }
  return units;
}

/**
 * Decodes bytes `[from, to)` of a UTF-8 byte string into a normal string (the same as
 * `new TextDecoder().decode` on those bytes when they are valid UTF-8).
 *
 * @example
 * ```ts
 * decodeUtf8ByteString('F\xc3\xb6dd'); // 'Född'
 * ```
 */
export function decodeUtf8ByteString(bytes: string, from = 0, to = bytes.length): string {
  let ascii = true;
  for (let k = from; k < to && ascii; k++) if (bytes.charCodeAt(k) >= 0x80) ascii = false;
  if (ascii) return bytes.slice(from, to);
  const out = new Uint8Array(to - from);
  for (let k = from; k < to; k++) out[k - from] = bytes.charCodeAt(k);
  return new TextDecoder().decode(out);
}

/**
 * Maps a byte offset into a UTF-8 byte string (as `Finding.start`/`end` are with
 * `form: 'utf8-bytes'`) to the UTF-16 offset of the same place in the decoded text.
 * Linear in `byteOffset`; for many offsets into one text, map them in increasing order with
 * `from`/`fromUtf16` set to the previous answer.
 *
 * @example
 * ```ts
 * utf16OffsetOfUtf8Byte('F\xc3\xb6dd 640823-3234', 6); // 5
 * ```
 */
export function utf16OffsetOfUtf8Byte(bytes: string, byteOffset: number, from = 0, fromUtf16 = 0): number {
  return fromUtf16 + unitsBetween(bytes, from, Math.min(byteOffset, bytes.length));
}

/**
 * The character boundary `units` UTF-16 units before `from` (a boundary) — or, when that place
 * falls between the two halves of a four-byte character, the boundary after that character — but
 * not before `stop`. Walks back at most `units` characters. The detector measures its windows
 * ("40 characters before the number") this way in the byte form, where no global offset map is built.
 */
export function utf8Back(bytes: string, from: number, units: number, stop = 0): number {
  let p = from;
  let count = 0;
  while (p > stop) {
    if (bytes.charCodeAt(p - 1) < 0x80) {
      if (count === units) break;
      count++;
      p--;
      continue;
    }
    let q = p - 1;
    while (q > stop && isContinuation(bytes.charCodeAt(q)) && p - q < 4) q--;
    const charUnits = p - q === 4 ? 2 : 1;
    if (count + charUnits > units) break;
    count += charUnits;
    p = q;
  }
  return p;
}

/**
 * The character boundary `units` UTF-16 units after `from` (clamped to the end). When that place
 * falls between the two halves of a four-byte character, `ceil` chooses the boundary after the
 * character, else the one before it.
 */
export function utf8Forward(bytes: string, from: number, units: number, ceil: boolean): number {
  const n = bytes.length;
  let p = from;
  let count = 0;
  while (p < n && count < units) {
    if (bytes.charCodeAt(p) < 0x80) {
      count++;
      p++;
      continue;
    }
    const width = utf8WidthAt(bytes, p);
    const charUnits = width === 4 ? 2 : 1;
    if (!ceil && count + charUnits > units) break;
    count += charUnits;
    p += width;
  }
  return p;
}

/** UTF-16 length of bytes `[from, to)` (both character boundaries). */
export function utf8UnitsBetween(bytes: string, from: number, to: number): number {
  return unitsBetween(bytes, from, to);
}

/**
 * UTF-16 length of bytes `[from, to)`, but counting stops once it exceeds `cap`: the result is exact
 * when it is at most `cap`, and `cap + 1` or more otherwise.
 */
export function utf8UnitsUpTo(bytes: string, from: number, to: number, cap: number): number {
  let count = 0;
  let p = from;
  while (p < to && count <= cap) {
    const b = bytes.charCodeAt(p);
    if (b < 0x80) {
      p++;
      count++;
      continue;
    }
    const width = utf8WidthAt(bytes, p);
    count += width === 4 ? 2 : 1;
    p += width;
  }
  return count;
}

/**
 * `utf8Forward(bytes, from, units, false)` given `ceil` = `utf8Forward(bytes, from, units, true)`:
 * the same boundary unless the window ends inside a four-byte character, then the one before it.
 */
export function utf8ForwardFloor(bytes: string, ceil: number, from: number, units: number): number {
  if (ceil - from < 4 || bytes.charCodeAt(ceil - 4) < 0xf0 || utf8WidthAt(bytes, ceil - 4) !== 4) return ceil;
  // The last character is four bytes: the window ends between its halves when it overshoots by one unit.
  return utf8UnitsBetween(bytes, from, ceil) > units ? ceil - 4 : ceil;
}

/** UTF-16 units a byte adds when counted on its own: 0 for a continuation byte, 2 for a four-byte lead. */
function unitsOfByte(b: number): number {
  return b < 0x80 ? 1 : b < 0xc0 ? 0 : b >= 0xf0 ? 2 : 1;
}

const WALK_BLOCK_SHIFT = 6;
const WALK_BLOCK = 1 << WALK_BLOCK_SHIFT;
const UNKNOWN = 255;

/**
 * {@link utf8Back} and {@link utf8Forward} for long windows over one text: the UTF-16 units of each
 * 64-byte block are counted once, when a walk first crosses it, and later walks that cross the block
 * whole add that count instead of reading its bytes again. Neighbouring numbers' ±1000-character
 * windows overlap, so this reads most bytes once instead of several times.
 */
export class Utf8Walker {
  private blocks: Uint8Array | undefined;
  constructor(private readonly bytes: string) {}

  private blockUnits(block: number): number {
    const blocks = (this.blocks ??= new Uint8Array((this.bytes.length >> WALK_BLOCK_SHIFT) + 1).fill(UNKNOWN));
    let units = blocks[block]!;
    if (units === UNKNOWN) {
      units = 0;
      const start = block << WALK_BLOCK_SHIFT;
      const end = Math.min(this.bytes.length, start + WALK_BLOCK);
      for (let k = start; k < end; k++) units += unitsOfByte(this.bytes.charCodeAt(k));
      blocks[block] = units;
    }
    return units;
  }

  /** Same as `utf8Back(bytes, from, units, stop)`. */
  back(from: number, units: number, stop = 0): number {
    const bytes = this.bytes;
    let p = from;
    let count = 0;
    let boundary = from;
    while (p > stop) {
      // Whole blocks while they surely fit (two units of margin for a character straddling the block end).
      if ((p & (WALK_BLOCK - 1)) === 0 && p - WALK_BLOCK >= stop) {
        const blockUnits = this.blockUnits((p >> WALK_BLOCK_SHIFT) - 1);
        if (count + blockUnits + 2 <= units) {
          count += blockUnits;
          p -= WALK_BLOCK;
          boundary = p;
          while (isContinuation(bytes.charCodeAt(boundary))) boundary++;
          continue;
        }
      }
      const u = unitsOfByte(bytes.charCodeAt(p - 1));
      if (count + u > units) break;
      count += u;
      p--;
      if (u !== 0) boundary = p;
    }
    return boundary;
  }

  /** Same as `utf8Forward(bytes, from, units, ceil)`. */
  forward(from: number, units: number, ceil: boolean): number {
    const bytes = this.bytes;
    const n = bytes.length;
    let p = from;
    let count = 0;
    while (p < n) {
      if ((p & (WALK_BLOCK - 1)) === 0 && p + WALK_BLOCK <= n) {
        const blockUnits = this.blockUnits(p >> WALK_BLOCK_SHIFT);
        if (count + blockUnits + 2 <= units) {
          count += blockUnits;
          p += WALK_BLOCK;
          continue;
        }
      }
      const u = unitsOfByte(bytes.charCodeAt(p));
      if (u !== 0 && (ceil ? count >= units : count + u > units)) break;
      count += u;
      p++;
    }
    return p;
  }
}
