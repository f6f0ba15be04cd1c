import { Writable } from 'node:stream';

/** A writable that keeps everything written, with a small high-water mark to exercise back-pressure. */
export class StringSink extends Writable {
  private readonly chunks: Buffer[] = [];
  constructor() {
    super({ highWaterMark: 64 });
  }
  override _write(chunk: Buffer, _encoding: BufferEncoding, callback: (error?: Error | null) => void): void {
    this.chunks.push(chunk);
    setImmediate(callback);
  }
  get text(): string {
    return Buffer.concat(this.chunks).toString('utf8');
  }
}
