import type { Writable } from 'node:stream';

/** Writes a chunk and waits for `drain` when the stream's buffer is full, so big reports stream in bounded memory. */
export function writeChunk(out: Writable, chunk: string | Uint8Array): Promise<void> {
  if (out.write(chunk)) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const onDrain = () => {
      out.off('error', onError);
      resolve();
    };
    const onError = (error: Error) => {
      out.off('drain', onDrain);
      reject(error);
    };
    out.once('drain', onDrain);
    out.once('error', onError);
  });
}

/**
 * Gathers report text and ready-made UTF-8 bytes (packed findings) into big writes: one stream
 * write per file costs more than the rest of an unchanged rescan's per-file work, and bytes from
 * the workers are copied once into the chunk instead of being decoded and encoded again.
 */
export class ChunkBuffer {
  private text = '';
  private readonly parts: Uint8Array[] = [];
  private partBytes = 0;

  /** Roughly how much is buffered (characters + bytes). */
  get size(): number {
    return this.partBytes + this.text.length;
  }

  add(piece: string | Uint8Array): void {
    if (typeof piece === 'string') {
      this.text += piece;
      return;
    }
    this.flushText();
    this.parts.push(piece);
    this.partBytes += piece.byteLength;
  }

  /** Everything buffered, as one string or one Buffer; the buffer is then empty. */
  take(): string | Uint8Array {
    if (this.parts.length === 0) {
      const text = this.text;
      this.text = '';
      return text;
    }
    this.flushText();
    const chunk = Buffer.concat(this.parts, this.partBytes);
    this.parts.length = 0;
    this.partBytes = 0;
    return chunk;
  }

  private flushText(): void {
    if (this.text.length === 0) return;
    const bytes = Buffer.from(this.text);
    this.text = '';
    this.parts.push(bytes);
    this.partBytes += bytes.byteLength;
  }
}
