import { addAbortSignal, type Readable } from 'node:stream';
import { registerSniffHead } from '../decode-text.js';
import { ExtractionError } from '../errors.js';
import type { FormatContext, FormatInput } from '../format.js';
import { looksLikeZip, ZipArchive } from '../office/zip-archive.js';

/** How many bytes `FormatInput.head` holds at most. */
export const HEAD_BYTES = 4096;

/** Where a format input's bytes come from: a file or a container member. */
export interface InputSource {
  readonly name: string;
  readonly size: number;
  open(): Readable;
  readonly path?: string;
  /** The whole content, when already in memory: no stream is opened for the head or `bytes()`. */
  readonly bytes?: Uint8Array;
}

async function readHead(open: () => Readable): Promise<Uint8Array> {
  const stream = open();
  const chunks: Buffer[] = [];
  let total = 0;
  try {
    for await (const chunk of stream) {
      const buf = chunk as Buffer;
      chunks.push(buf);
      total += buf.length;
      if (total >= HEAD_BYTES) break;
    }
  } finally {
    stream.destroy();
  }
  return Buffer.concat(chunks, total).subarray(0, HEAD_BYTES);
}

/**
 * Reads a whole stream, failing with `too-large` past `maxBytes`. Given the size it should have (a
 * file's or member's listed size), the bytes go straight into one buffer of that size: gathering the
 * chunks and then joining them held the content twice at peak.
 */
export async function readAll(stream: Readable, maxBytes: number, expectedBytes = 0): Promise<Buffer> {
  if (expectedBytes > 0) return readInto(stream, maxBytes, Math.min(expectedBytes, maxBytes));
  const chunks: Buffer[] = [];
  let total = 0;
  try {
    for await (const chunk of stream) {
      const buf = chunk as Buffer;
      total += buf.length;
      if (total > maxBytes) throw new ExtractionError('too-large', `content is larger than ${maxBytes} bytes`);
      chunks.push(buf);
    }
  } finally {
    stream.destroy();
  }
  return Buffer.concat(chunks, total);
}

async function readInto(stream: Readable, maxBytes: number, size: number): Promise<Buffer> {
  let buffer = Buffer.allocUnsafe(size);
  let length = 0;
  try {
    for await (const chunk of stream) {
      const buf = chunk as Buffer;
      if (length + buf.length > maxBytes) throw new ExtractionError('too-large', `content is larger than ${maxBytes} bytes`);
      if (length + buf.length > buffer.length) {
        // More than the listed size (a file that grew): make room.
        const grown = Buffer.allocUnsafe(Math.min(maxBytes, Math.max(buffer.length * 2, length + buf.length)));
        buffer.copy(grown, 0, 0, length);
        buffer = grown;
      }
      buf.copy(buffer, length);
      length += buf.length;
    }
  } finally {
    stream.destroy();
  }
  return length === buffer.length ? buffer : buffer.subarray(0, length);
}

/** Builds the `FormatInput` a format module sees: head for sniffing, cached whole bytes and zip names. */
export async function createFormatInput(source: InputSource, ctx: FormatContext): Promise<FormatInput> {
  // Every read stops at the deadline: a stalled stream (network share, FIFO) cannot hang the scan.
  const open = (): Readable => (ctx.signal ? addAbortSignal(ctx.signal, source.open()) : source.open());
  const inMemory = source.bytes !== undefined && source.bytes.length <= ctx.limits.maxFileBytes ? source.bytes : undefined;
  let head: Uint8Array;
  try {
    if (inMemory) head = inMemory.subarray(0, HEAD_BYTES);
    else head = source.size === 0 ? new Uint8Array(0) : await readHead(open);
  } catch (err) {
    if (err instanceof ExtractionError) throw err;
    if (ctx.signal?.aborted) throw new ExtractionError('timeout', 'reading the file took longer than allowed', { cause: err });
    throw err; // an I/O error (EACCES, EIO…) stays as it is, for the caller to classify
  }
  let bytes: Promise<Uint8Array> | undefined;
  let names: Promise<readonly string[] | null> | undefined;
  const input: FormatInput = {
    name: source.name,
    size: source.size,
    head: registerSniffHead(head),
    open,
    bytes() {
      bytes ??= inMemory ? Promise.resolve(inMemory) : readAll(open(), ctx.limits.maxFileBytes, source.size);
      return bytes;
    },
    zipEntryNames() {
      names ??= (async () => {
        if (!looksLikeZip(head)) return null;
        try {
          const zip = await ZipArchive.open(input, ctx);
          zip.close();
          return zip.entries.map((e) => e.name);
        } catch {
          return null;
        }
      })();
      return names;
    },
    ...(source.path !== undefined ? { path: source.path } : {}),
    ...(inMemory ? { inMemory } : {}),
  };
  return input;
}
