import { ExtractionError } from '../errors.js';
import { defineFormat, type FormatInput } from '../format.js';

function ascii(head: Uint8Array, start: number, end: number): string {
  return String.fromCharCode(...head.subarray(start, end));
}

/** Whether `head` holds the ASCII `text` at `start` (compared byte by byte: no string per check). */
function hasAscii(head: Uint8Array, start: number, text: string): boolean {
  for (let i = 0; i < text.length; i++) if (head[start + i] !== text.charCodeAt(i)) return false;
  return true;
}

/** Image kind from magic bytes, or null. */
export function imageKind(input: Pick<FormatInput, 'head' | 'size'>): string | null {
  const h = input.head;
  if (h.length < 12) return null;
  if (h[0] === 0x89 && hasAscii(h, 1, 'PNG')) return 'png';
  if (h[0] === 0xff && h[1] === 0xd8 && h[2] === 0xff) return 'jpeg';
  if (hasAscii(h, 0, 'GIF8')) return 'gif';
  if (hasAscii(h, 0, 'II*\0') || hasAscii(h, 0, 'MM\0*')) return 'tiff';
  if (hasAscii(h, 0, 'RIFF') && hasAscii(h, 8, 'WEBP')) return 'webp';
  if (hasAscii(h, 4, 'ftyp') && /^(heic|heix|heim|heis|hevc|hevx|mif1|msf1|avif|avis)$/.test(ascii(h, 8, 12))) return 'heic';
  // BMP: "BM", the declared file size matches, and the two reserved words are zero.
  if (hasAscii(h, 0, 'BM') && h[6] === 0 && h[7] === 0 && h[8] === 0 && h[9] === 0) {
    const declared = h[2]! | (h[3]! << 8) | (h[4]! << 16) | (h[5]! << 24);
    if (declared === input.size || declared === 0) return 'bmp';
  }
  return null;
}

/**
 * Raster images (png, jpeg, gif, tiff, bmp, webp, heic/avif): no text layer. Reported as skipped with
 * `no-text-layer` so the gap is visible (OCR comes later).
 */
export const image = defineFormat({
  meta: {
    id: 'image',
    description: 'Raster image (no text layer; OCR not enabled)',
    extensions: ['.png', '.jpg', '.jpeg', '.gif', '.tif', '.tiff', '.bmp', '.webp', '.heic', '.heif', '.avif'],
  },
  sniff: (input) => imageKind(input) !== null,
  // eslint-disable-next-line require-yield
  async *extract(input) {
    throw new ExtractionError('no-text-layer', `${imageKind(input) ?? 'image'} image has no text layer (OCR is not enabled)`);
  },
});
