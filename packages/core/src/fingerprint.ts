import { createHash, createHmac } from 'node:crypto';

/** Public default key. Documented as non-secret: fingerprints made with it can be brute-forced. */
export const PUBLIC_FINGERPRINT_KEY = 'gallra-public-fingerprint-key-v1';

/**
 * A function that returns the hex HMAC-SHA256 (RFC 2104) of a value under one key.
 */
export type Fingerprinter = (normalized: string) => string;

// Why not `createHmac` per value: it costs ~2.5 µs and several heap objects per call, which made
// fingerprinting the largest cost of the detector on number-dense text (bench/core-throughput.mjs).
// HMAC of a short value needs exactly two SHA-256 block compressions once the key's inner and
// outer pad states are known, so those states are computed once per key and the two blocks are
// compressed here. The output is checked against node:crypto's createHmac in test/fingerprint.test.ts.

const K = Int32Array.from([
  0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5, 0xd807aa98,
  0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174, 0xe49b69c1, 0xefbe4786,
  0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da, 0x983e5152, 0xa831c66d, 0xb00327c8,
  0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967, 0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13,
  0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85, 0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819,
  0xd6990624, 0xf40e3585, 0x106aa070, 0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a,
  0x5b9cca4f, 0x682e6ff3, 0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7,
  0xc67178f2,
]);
const INITIAL_STATE = Int32Array.from([0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19]);
const BLOCK_SIZE = 64;
/** Longest value (in bytes) that fits one block after the 64-byte pad: 64 − 1 (0x80) − 8 (length). */
const MAX_SHORT_VALUE = 55;
const HEX_DIGITS = Uint8Array.from('0123456789abcdef', (ch) => ch.charCodeAt(0));
/** Hex digits are ASCII, which every single-byte decoder maps to themselves. */
const LATIN1 = new TextDecoder('latin1');

/** SHA-256 compression of the 16 words in `w[0..15]` into `state` (`w` has room for 64 words). */
function compress(state: Int32Array, w: Int32Array): void {
  for (let t = 16; t < 64; t++) {
    const a = w[t - 15]!;
    const b = w[t - 2]!;
    const s0 = ((a >>> 7) | (a << 25)) ^ ((a >>> 18) | (a << 14)) ^ (a >>> 3);
    const s1 = ((b >>> 17) | (b << 15)) ^ ((b >>> 19) | (b << 13)) ^ (b >>> 10);
    w[t] = (w[t - 16]! + s0 + w[t - 7]! + s1) | 0;
  }
  let a = state[0]!;
  let b = state[1]!;
  let c = state[2]!;
  let d = state[3]!;
  let e = state[4]!;
  let f = state[5]!;
  let g = state[6]!;
  let h = state[7]!;
  // Eight rounds per iteration with the working variables renamed instead of shifted along.
  for (let t = 0; t < 64; t += 8) {
    h = (h + (((e >>> 6) | (e << 26)) ^ ((e >>> 11) | (e << 21)) ^ ((e >>> 25) | (e << 7))) + ((e & f) ^ (~e & g)) + K[t]! + w[t]!) | 0;
    d = (d + h) | 0;
    h = (h + ((((a >>> 2) | (a << 30)) ^ ((a >>> 13) | (a << 19)) ^ ((a >>> 22) | (a << 10))) + ((a & b) ^ (a & c) ^ (b & c)))) | 0;
    g = (g + (((d >>> 6) | (d << 26)) ^ ((d >>> 11) | (d << 21)) ^ ((d >>> 25) | (d << 7))) + ((d & e) ^ (~d & f)) + K[t + 1]! + w[t + 1]!) | 0;
    c = (c + g) | 0;
    g = (g + ((((h >>> 2) | (h << 30)) ^ ((h >>> 13) | (h << 19)) ^ ((h >>> 22) | (h << 10))) + ((h & a) ^ (h & b) ^ (a & b)))) | 0;
    f = (f + (((c >>> 6) | (c << 26)) ^ ((c >>> 11) | (c << 21)) ^ ((c >>> 25) | (c << 7))) + ((c & d) ^ (~c & e)) + K[t + 2]! + w[t + 2]!) | 0;
    b = (b + f) | 0;
    f = (f + ((((g >>> 2) | (g << 30)) ^ ((g >>> 13) | (g << 19)) ^ ((g >>> 22) | (g << 10))) + ((g & h) ^ (g & a) ^ (h & a)))) | 0;
    e = (e + (((b >>> 6) | (b << 26)) ^ ((b >>> 11) | (b << 21)) ^ ((b >>> 25) | (b << 7))) + ((b & c) ^ (~b & d)) + K[t + 3]! + w[t + 3]!) | 0;
    a = (a + e) | 0;
    e = (e + ((((f >>> 2) | (f << 30)) ^ ((f >>> 13) | (f << 19)) ^ ((f >>> 22) | (f << 10))) + ((f & g) ^ (f & h) ^ (g & h)))) | 0;
    d = (d + (((a >>> 6) | (a << 26)) ^ ((a >>> 11) | (a << 21)) ^ ((a >>> 25) | (a << 7))) + ((a & b) ^ (~a & c)) + K[t + 4]! + w[t + 4]!) | 0;
    h = (h + d) | 0;
    d = (d + ((((e >>> 2) | (e << 30)) ^ ((e >>> 13) | (e << 19)) ^ ((e >>> 22) | (e << 10))) + ((e & f) ^ (e & g) ^ (f & g)))) | 0;
    c = (c + (((h >>> 6) | (h << 26)) ^ ((h >>> 11) | (h << 21)) ^ ((h >>> 25) | (h << 7))) + ((h & a) ^ (~h & b)) + K[t + 5]! + w[t + 5]!) | 0;
    g = (g + c) | 0;
    c = (c + ((((d >>> 2) | (d << 30)) ^ ((d >>> 13) | (d << 19)) ^ ((d >>> 22) | (d << 10))) + ((d & e) ^ (d & f) ^ (e & f)))) | 0;
    b = (b + (((g >>> 6) | (g << 26)) ^ ((g >>> 11) | (g << 21)) ^ ((g >>> 25) | (g << 7))) + ((g & h) ^ (~g & a)) + K[t + 6]! + w[t + 6]!) | 0;
    f = (f + b) | 0;
    b = (b + ((((c >>> 2) | (c << 30)) ^ ((c >>> 13) | (c << 19)) ^ ((c >>> 22) | (c << 10))) + ((c & d) ^ (c & e) ^ (d & e)))) | 0;
    a = (a + (((f >>> 6) | (f << 26)) ^ ((f >>> 11) | (f << 21)) ^ ((f >>> 25) | (f << 7))) + ((f & g) ^ (~f & h)) + K[t + 7]! + w[t + 7]!) | 0;
    e = (e + a) | 0;
    a = (a + ((((b >>> 2) | (b << 30)) ^ ((b >>> 13) | (b << 19)) ^ ((b >>> 22) | (b << 10))) + ((b & c) ^ (b & d) ^ (c & d)))) | 0;
  }
  state[0] = (state[0]! + a) | 0;
  state[1] = (state[1]! + b) | 0;
  state[2] = (state[2]! + c) | 0;
  state[3] = (state[3]! + d) | 0;
  state[4] = (state[4]! + e) | 0;
  state[5] = (state[5]! + f) | 0;
  state[6] = (state[6]! + g) | 0;
  state[7] = (state[7]! + h) | 0;
}

/** State after compressing one 64-byte pad block. */
function padState(pad: Uint8Array): Int32Array {
  const state = new Int32Array(INITIAL_STATE);
  const w = new Int32Array(64);
  for (let t = 0; t < 16; t++) w[t] = (pad[4 * t]! << 24) | (pad[4 * t + 1]! << 16) | (pad[4 * t + 2]! << 8) | pad[4 * t + 3]!;
  compress(state, w);
  return state;
}

/** Builds a {@link Fingerprinter} for `key` (default: {@link PUBLIC_FINGERPRINT_KEY}). */
export function createFingerprinter(key: string | Uint8Array = PUBLIC_FINGERPRINT_KEY): Fingerprinter {
  let keyBytes: Buffer = typeof key === 'string' ? Buffer.from(key, 'utf8') : Buffer.from(key);
  if (keyBytes.length > BLOCK_SIZE) keyBytes = createHash('sha256').update(keyBytes).digest();
  const innerPad = Buffer.alloc(BLOCK_SIZE, 0x36);
  const outerPad = Buffer.alloc(BLOCK_SIZE, 0x5c);
  for (let i = 0; i < keyBytes.length; i++) {
    innerPad[i]! ^= keyBytes[i]!;
    outerPad[i]! ^= keyBytes[i]!;
  }
  const innerStart = padState(innerPad);
  const outerStart = padState(outerPad);
  const state = new Int32Array(8);
  const w = new Int32Array(64);
  const hex = new Uint8Array(64);

  return (normalized: string): string => {
    // Values are ASCII digits in practice; anything else (or too long) takes the library path.
    const len = normalized.length;
    let ascii = len <= MAX_SHORT_VALUE;
    for (let i = 0; ascii && i < len; i++) if (normalized.charCodeAt(i) > 127) ascii = false;
    if (!ascii) return createHmac('sha256', keyBytes).update(normalized, 'utf8').digest('hex');

    // Inner hash: pad state + one block holding the value, 0x80, zeros, bit length (64 + len bytes).
    for (let t = 0; t < 16; t++) w[t] = 0;
    for (let i = 0; i < len; i++) w[i >> 2]! |= normalized.charCodeAt(i) << (24 - 8 * (i & 3));
    w[len >> 2]! |= 0x80 << (24 - 8 * (len & 3));
    w[15] = (BLOCK_SIZE + len) * 8;
    state.set(innerStart);
    compress(state, w);

    // Outer hash: pad state + one block holding the 32-byte inner digest, 0x80, zeros, length 96 bytes.
    for (let t = 0; t < 8; t++) w[t] = state[t]!;
    w[8] = 0x80000000;
    for (let t = 9; t < 15; t++) w[t] = 0;
    w[15] = (BLOCK_SIZE + 32) * 8;
    state.set(outerStart);
    compress(state, w);

    for (let t = 0; t < 8; t++) {
      const x = state[t]!;
      for (let j = 0; j < 8; j++) hex[8 * t + j] = HEX_DIGITS[(x >>> (28 - 4 * j)) & 15]!;
    }
    return LATIN1.decode(hex);
  };
}

const defaultFingerprinter = createFingerprinter();

/** Keyed fingerprint: hex HMAC-SHA256 of the normalised value. Prefer {@link createFingerprinter} in loops. */
export function fingerprintValue(normalized: string, key?: string | Uint8Array): string {
  return key === undefined ? defaultFingerprinter(normalized) : createFingerprinter(key)(normalized);
}
