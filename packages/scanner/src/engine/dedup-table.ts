/**
 * A lock-free set of content hashes shared by all workers of one scan (a SharedArrayBuffer), so that
 * the first worker to read some content "claims" it and every other file with the same content is
 * answered with `duplicate` instead of being extracted again. Keys are the first 8 bytes of the
 * SHA-256 (the main thread compares the full hash before copying results, so a 64-bit collision can
 * only cost a re-extraction, never a wrong report).
 */
export class DedupTable {
  /** Slots: 0 = empty, otherwise a key. */
  private readonly slots: BigInt64Array;
  /** [0]: number of claimed slots. */
  private readonly count: Int32Array;
  private readonly mask: number;
  private readonly maxFill: number;

  /** Creates the shared memory for a table with `2 ** bits` slots (default 2^20: 8 MB, ~700 k hashes). */
  static create(bits = 20): SharedArrayBuffer {
    return new SharedArrayBuffer(8 * 2 ** bits + 8);
  }

  constructor(buffer: SharedArrayBuffer) {
    const slotCount = (buffer.byteLength - 8) / 8;
    if (!Number.isInteger(Math.log2(slotCount))) throw new RangeError('DedupTable: slot count must be a power of two');
    this.slots = new BigInt64Array(buffer, 8, slotCount);
    this.count = new Int32Array(buffer, 0, 1);
    this.mask = slotCount - 1;
    this.maxFill = Math.floor(slotCount * 0.7);
  }

  /**
   * Claims a hash. `owner`: this caller is the first with this content and must extract it.
   * `duplicate`: someone else claimed it earlier. `full`: the table is full; extract anyway.
   */
  claim(sha256: Uint8Array): 'owner' | 'duplicate' | 'full' {
    // Slot index from the low 32 bits (no BigInt arithmetic on the hot path); key = first 8 bytes.
    let index = (sha256[0]! | (sha256[1]! << 8) | (sha256[2]! << 16) | (sha256[3]! << 24)) & this.mask;
    let key = new DataView(sha256.buffer, sha256.byteOffset, 8).getBigInt64(0, true);
    if (key === 0n) key = 1n;
    for (let probe = 0; probe <= this.mask; probe++) {
      const previous = Atomics.compareExchange(this.slots, index, 0n, key);
      if (previous === 0n) {
        if (Atomics.add(this.count, 0, 1) >= this.maxFill) return 'full';
        return 'owner';
      }
      if (previous === key) return 'duplicate';
      index = (index + 1) & this.mask;
      if (Atomics.load(this.count, 0) >= this.maxFill) return 'full';
    }
    return 'full';
  }
}
