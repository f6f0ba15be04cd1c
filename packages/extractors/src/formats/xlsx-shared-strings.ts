/** Bytes per block of packed text. */
const BLOCK_BYTES = 4 * 1024 * 1024;

/**
 * An xlsx shared string table, packed: the strings' UTF-8 bytes back to back in fixed-size blocks
 * and one offset per string, each string decoded when a cell asks for it. A workbook's strings must
 * all be at hand while its sheets stream, and held as JS strings they cost far more than their text
 * (a table of 840,000 strings, 46 MB of XML, took 82 MB of heap — ≈ 60 bytes of overhead per string,
 * more for short ones), so a table near the 512 MB part limit could exhaust a worker's heap and lose
 * the file. Packed, a table takes its text's bytes plus 8 bytes per string, outside the JS heap.
 */
export class SharedStrings {
  readonly #blocks: Buffer[] = [];
  /** Start of string i in the packed bytes; `#offsets[count]` is the end of the last string. */
  #offsets = new Float64Array(1024);
  #count = 0;
  /** Bytes packed so far (the end of the last string). */
  #size = 0;

  get length(): number {
    return this.#count;
  }

  push(text: string): void {
    if (this.#count + 1 >= this.#offsets.length) {
      const grown = new Float64Array(this.#offsets.length * 2);
      grown.set(this.#offsets);
      this.#offsets = grown;
    }
    this.#write(text);
    this.#count++;
    this.#offsets[this.#count] = this.#size;
  }

  /** String `index`, or undefined when there is no such string (a cell pointing past the table). */
  get(index: number): string | undefined {
    if (!(index >= 0 && index < this.#count) || !Number.isInteger(index)) return undefined;
    const start = this.#offsets[index]!;
    const end = this.#offsets[index + 1]!;
    if (start === end) return '';
    const first = Math.floor(start / BLOCK_BYTES);
    const last = Math.floor((end - 1) / BLOCK_BYTES);
    const base = first * BLOCK_BYTES;
    if (first === last) return this.#blocks[first]!.toString('utf8', start - base, end - base);
    // Spread over blocks (one string per block boundary at most, or a very long one).
    const pieces: Buffer[] = [];
    for (let b = first; b <= last; b++) {
      const from = b === first ? start - base : 0;
      const to = b === last ? end - b * BLOCK_BYTES : BLOCK_BYTES;
      pieces.push(this.#blocks[b]!.subarray(from, to));
    }
    return Buffer.concat(pieces).toString('utf8');
  }

  #write(text: string): void {
    if (text.length === 0) return;
    let at = this.#size % BLOCK_BYTES;
    if (at === 0 && this.#size / BLOCK_BYTES === this.#blocks.length) this.#blocks.push(Buffer.allocUnsafe(BLOCK_BYTES));
    // At most 3 bytes per UTF-16 unit: when that fits, encode straight into the block.
    if (BLOCK_BYTES - at >= text.length * 3) {
      this.#size += this.#blocks[this.#blocks.length - 1]!.write(text, at, 'utf8');
      return;
    }
    const bytes = Buffer.from(text, 'utf8');
    let done = 0;
    while (done < bytes.length) {
      at = this.#size % BLOCK_BYTES;
      if (at === 0 && this.#size / BLOCK_BYTES === this.#blocks.length) this.#blocks.push(Buffer.allocUnsafe(BLOCK_BYTES));
      const n = Math.min(BLOCK_BYTES - at, bytes.length - done);
      bytes.copy(this.#blocks[this.#blocks.length - 1]!, at, done, done + n);
      done += n;
      this.#size += n;
    }
  }
}
