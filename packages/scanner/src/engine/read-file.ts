import { closeSync, constants, fstatSync, openSync, readSync } from 'node:fs';

/**
 * `O_NOATIME` (Linux): reading does not update the file's access time, so a scan leaves no trace in
 * atime-based retention or forensics. Only the file's owner (or CAP_FOWNER) may use it; otherwise the
 * open fails with EPERM and we fall back to a plain read-only open.
 */
const NOATIME = (constants as { O_NOATIME?: number }).O_NOATIME ?? 0;
let noatimeAllowed = NOATIME !== 0;

/** Opens a file read-only, without touching its access time where the OS allows it. */
export function openForScan(file: string): number {
  if (noatimeAllowed) {
    try {
      return openSync(file, constants.O_RDONLY | NOATIME);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code !== 'EPERM' && code !== 'EINVAL') throw error;
      // Not the owner: plain open for this file. Keep trying for others (ownership varies per file).
    }
  }
  return openSync(file, constants.O_RDONLY);
}

/** Disables O_NOATIME attempts (tests; or when every open fails with EPERM anyway). */
export function setNoatime(enabled: boolean): void {
  noatimeAllowed = enabled && NOATIME !== 0;
}

/** Largest buffer this process reads a file into at once. */
export const MAX_IN_MEMORY = 2 ** 31 - 1;

/**
 * One buffer a worker reads file after file into, instead of a fresh one per file (an allocation, and
 * external memory for the GC to account for, per file). Only for callers that are done with the bytes
 * before the next read; the buffer grows to the largest file read so far, up to {@link MAX_REUSED_BYTES}.
 */
export class ReadBuffer {
  #buffer: Buffer = Buffer.allocUnsafe(0);
  #held = false;

  /** Claims the buffer for one file; false while another read holds it (that read then allocates its own). */
  tryHold(): boolean {
    if (this.#held) return false;
    this.#held = true;
    return true;
  }

  /** Gives the buffer back once nothing uses the bytes read into it any more. */
  release(): void {
    this.#held = false;
  }

  /** A buffer of at least `size` bytes: the kept one, enlarged if needed (unless too large to keep). */
  take(size: number): Buffer {
    if (this.#buffer.length < size) {
      if (size > MAX_REUSED_BYTES) return Buffer.allocUnsafe(size);
      this.#buffer = Buffer.allocUnsafe(Math.min(MAX_REUSED_BYTES, Math.max(size, 2 * this.#buffer.length, 256 * 1024)));
    }
    return this.#buffer;
  }
}

/** Largest buffer a {@link ReadBuffer} keeps between files. */
export const MAX_REUSED_BYTES = 16 * 1024 * 1024;

/**
 * Reads a whole file into memory through one descriptor opened with {@link openForScan}. Reads up to
 * `maxBytes + 1` bytes so that a file that grew past the limit since it was listed is noticed.
 * With `into` (held by the caller), the bytes land in that reused buffer: valid until the caller releases it.
 * `listedSize`, the size when the file was listed, saves asking the OS for it again.
 */
export function readFileForScan(file: string, maxBytes: number, into?: ReadBuffer, listedSize?: number): { bytes: Buffer; truncated: boolean } {
  const fd = openForScan(file);
  try {
    // The size the crawl saw is only a hint for the buffer (the loop reads to the end whatever it is):
    // with it, no fstat per file.
    const size = listedSize ?? fstatSync(fd).size;
    const limit = Math.min(maxBytes + 1, MAX_IN_MEMORY);
    // One byte more than the size: the read that finds the end then needs no bigger buffer.
    const wanted = Math.min(Math.max(size, 0) + 1, limit);
    let buffer = into ? into.take(wanted) : Buffer.allocUnsafe(wanted);
    if (buffer.length > limit) buffer = buffer.subarray(0, limit);
    let filled = 0;
    for (;;) {
      if (filled === buffer.length) {
        if (buffer.length >= limit) break;
        // The file grew while we read it: enlarge, up to the limit.
        const bigger = Buffer.allocUnsafe(Math.min(limit, Math.max(buffer.length * 2, 64 * 1024)));
        buffer.copy(bigger, 0, 0, filled);
        buffer = bigger;
      }
      const n = readSync(fd, buffer, filled, buffer.length - filled, null);
      if (n === 0) break;
      filled += n;
    }
    const truncated = filled > maxBytes;
    return { bytes: buffer.subarray(0, Math.min(filled, maxBytes)), truncated };
  } finally {
    closeSync(fd);
  }
}
