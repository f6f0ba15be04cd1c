/**
 * Windows-1252 decoding. Node 20's `TextDecoder('windows-1252')` maps bytes 0x80–0x9F to C1 control
 * characters, which would turn an en dash (0x96) between the date and serial parts of a personnummer
 * into U+0096 and hide the number; this table maps them as Windows does.
 */
const HIGH = [
  0x20ac, 0x81, 0x201a, 0x192, 0x201e, 0x2026, 0x2020, 0x2021, 0x2c6, 0x2030, 0x160, 0x2039, 0x152, 0x8d, 0x17d, 0x8f,
  0x90, 0x2018, 0x2019, 0x201c, 0x201d, 0x2022, 0x2013, 0x2014, 0x2dc, 0x2122, 0x161, 0x203a, 0x153, 0x9d, 0x17e, 0x178,
];

/** One Windows-1252 byte as a character. */
export function cp1252Char(byte: number): string {
  return String.fromCharCode(byte >= 0x80 && byte <= 0x9f ? HIGH[byte - 0x80]! : byte);
}

/** Windows-1252 bytes as a string. */
export function decodeCp1252(bytes: Uint8Array): string {
  let out = '';
  for (const b of bytes) out += cp1252Char(b);
  return out;
}
