import { closeSync, constants as fsConstants, open } from 'node:fs';
import { PassThrough, type Readable } from 'node:stream';
import type yauzl from 'yauzl';
import { ExtractionError } from '../errors.js';
import type { FormatContext, FormatEvent, FormatInput } from '../format.js';

/** One entry of a zip archive's central directory. */
export interface ZipEntryInfo {
  /** Path inside the archive, `/`-separated, as stored (not normalised: `../` stays visible). */
  readonly name: string;
  readonly size: number;
  readonly compressedSize: number;
  readonly encrypted: boolean;
  readonly directory: boolean;
}

/** Entries larger than this are subject to the compression-ratio limit. */
const RATIO_FLOOR_BYTES = 1024 * 1024;

const ZIP_MAGIC = [0x50, 0x4b];

/** True when the bytes start like a zip archive (local header, empty archive or spanned marker). */
export function looksLikeZip(head: Uint8Array): boolean {
  if (head.length < 4 || head[0] !== ZIP_MAGIC[0] || head[1] !== ZIP_MAGIC[1]) return false;
  const tag = (head[2]! << 8) | head[3]!;
  return tag === 0x0304 || tag === 0x0506 || tag === 0x0708;
}

const NOATIME = (fsConstants as { O_NOATIME?: number }).O_NOATIME ?? 0;

/**
 * Opens a file read-only without touching its access time where the OS allows it (a scan changes
 * nothing it reads; `O_NOATIME` needs the file's owner, so EPERM falls back to a plain open).
 */
function openReadOnly(path: string): Promise<number> {
  const attempt = (flags: number) =>
    new Promise<number>((resolve, reject) => open(path, flags, (err, fd) => (err ? reject(err) : resolve(fd))));
  if (NOATIME === 0) return attempt(fsConstants.O_RDONLY);
  return attempt(fsConstants.O_RDONLY | NOATIME).catch((err: NodeJS.ErrnoException) => {
    if (err.code !== 'EPERM' && err.code !== 'EINVAL') throw err;
    return attempt(fsConstants.O_RDONLY);
  });
}

function decodeName(raw: Buffer, utf8Flag: boolean): string {
  if (utf8Flag) return raw.toString('utf8');
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(raw);
  } catch {
    // Legacy DOS names (cp437/cp850): latin1 keeps å/ä/ö readable in most archives made on Windows.
    return raw.toString('latin1');
  }
}

function wrap(err: unknown, what: string): ExtractionError {
  if (err instanceof ExtractionError) return err;
  const message = err instanceof Error ? err.message : String(err);
  return new ExtractionError('corrupt', `${what}: ${message}`, { cause: err });
}

/**
 * A zip archive read through yauzl's central directory (random access, validated sizes), with the
 * dispatcher's limits applied to every entry that is opened: ratio, per-archive total and encryption.
 * Used by the zip format and by the zip-based office formats (OOXML, ODF).
 */
export class ZipArchive {
  readonly entries: readonly ZipEntryInfo[];
  /** True when the directory had more entries than `limits.maxMembers` and the rest were not listed. */
  readonly truncated: boolean;
  readonly #zip: yauzl.ZipFile;
  readonly #raw: Map<string, yauzl.Entry>;
  readonly #byName: Map<string, ZipEntryInfo>;
  readonly #ctx: FormatContext;
  #bytesOpened = 0;

  private constructor(zip: yauzl.ZipFile, list: [ZipEntryInfo, yauzl.Entry][], truncated: boolean, ctx: FormatContext) {
    this.#zip = zip;
    this.entries = list.map(([info]) => info);
    this.#raw = new Map(list.map(([info, entry]) => [info.name, entry]));
    this.#byName = new Map(list.map(([info]) => [info.name, info]));
    this.truncated = truncated;
    this.#ctx = ctx;
  }

  /** Opens the input as a zip: from its path when it is a file on disk, otherwise from its bytes. */
  static async open(input: FormatInput, ctx: FormatContext): Promise<ZipArchive> {
    // Loaded on first use: CLI start-up (e.g. a pre-commit `gallra ci --staged`) must not pay for it.
    const { default: yauzlLib } = await import('yauzl');
    const options: yauzl.Options = { lazyEntries: true, autoClose: false, decodeStrings: false, validateEntrySizes: true };
    const zip = await new Promise<yauzl.ZipFile>((resolve, reject) => {
      const done = (err: Error | null, z?: yauzl.ZipFile) => (err || !z ? reject(wrap(err, 'not a readable zip archive')) : resolve(z));
      if (input.path !== undefined) {
        openReadOnly(input.path).then(
          (fd) =>
            yauzlLib.fromFd(fd, options, (err, z) => {
              if (err || !z) closeSync(fd);
              done(err, z);
            }),
          (err: unknown) => reject(wrap(err, 'not a readable zip archive')),
        );
      } else
        input.bytes().then(
          (bytes) => yauzlLib.fromBuffer(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), options, done),
          reject,
        );
    });
    const maxListed = Math.max(ctx.limits.maxMembers, 1) * 4;
    const list: [ZipEntryInfo, yauzl.Entry][] = [];
    let truncated = false;
    try {
      await new Promise<void>((resolve, reject) => {
        zip.on('error', (err: unknown) => reject(wrap(err, 'corrupt zip directory')));
        zip.on('end', () => resolve());
        zip.on('entry', (entry: yauzl.Entry) => {
          const raw = (entry.fileNameRaw ?? entry.fileName) as unknown as Buffer;
          const name = decodeName(Buffer.isBuffer(raw) ? raw : Buffer.from(String(raw)), (entry.generalPurposeBitFlag & 0x800) !== 0);
          list.push([
            {
              name,
              size: entry.uncompressedSize,
              compressedSize: entry.compressedSize,
              encrypted: entry.isEncrypted(),
              directory: name.endsWith('/'),
            },
            entry,
          ]);
          if (list.length >= maxListed) {
            truncated = true;
            resolve();
          } else zip.readEntry();
        });
        zip.readEntry();
      });
    } catch (err) {
      zip.close();
      throw err;
    }
    return new ZipArchive(zip, list, truncated, ctx);
  }

  has(name: string): boolean {
    return this.#byName.has(name);
  }

  get(name: string): ZipEntryInfo | undefined {
    return this.#byName.get(name);
  }

  /** Throws the `ExtractionError` that opening this entry would raise under the limits, if any. */
  check(info: ZipEntryInfo): void {
    const { limits } = this.#ctx;
    if (info.encrypted) throw new ExtractionError('encrypted', `zip entry is encrypted`);
    if (info.size > limits.maxFileBytes) {
      throw new ExtractionError('too-large', `entry is ${info.size} bytes uncompressed; the file size limit is ${limits.maxFileBytes} bytes`);
    }
    if (info.size > RATIO_FLOOR_BYTES && info.size > limits.maxRatio * Math.max(info.compressedSize, 1)) {
      const ratio = Math.round(info.size / Math.max(info.compressedSize, 1));
      throw new ExtractionError('limits-exceeded', `entry compression ratio ${ratio}:1 exceeds the ratio limit of ${limits.maxRatio}:1`);
    }
    if (this.#bytesOpened + info.size > limits.maxTotalBytes) {
      throw new ExtractionError('limits-exceeded', `archive expands to more than the total size limit of ${limits.maxTotalBytes} bytes`);
    }
  }

  /** A stream of the entry's uncompressed bytes, after the limit checks. */
  async openEntry(name: string): Promise<Readable> {
    const info = this.#byName.get(name);
    const entry = this.#raw.get(name);
    if (!info || !entry) throw new ExtractionError('corrupt', `missing zip entry`);
    this.check(info);
    this.#bytesOpened += info.size;
    return new Promise<Readable>((resolve, reject) => {
      this.#zip.openReadStream(entry, (err, stream) => {
        if (err || !stream) reject(wrap(err, 'unreadable zip entry'));
        else resolve(stream);
      });
    });
  }

  /**
   * The event for one member: a container entry the dispatcher recurses into, or an `encrypted`
   * problem (with `encryptedMessage`) when the member is password-protected.
   */
  memberEvent(entry: ZipEntryInfo, encryptedMessage: string): FormatEvent {
    if (entry.encrypted) return { kind: 'problem', level: 'error', reason: 'encrypted', message: encryptedMessage, member: entry.name };
    return {
      kind: 'entry',
      name: entry.name,
      size: entry.size,
      compressedSize: entry.compressedSize,
      open: () => this.memberStream(entry.name),
    };
  }

  /**
   * A stream of the entry for the dispatcher to read as a container member. Only encryption is checked
   * here: the dispatcher applies the size, ratio and total limits to members itself.
   */
  memberStream(name: string): Readable {
    const out = new PassThrough();
    const entry = this.#raw.get(name);
    const info = this.#byName.get(name);
    if (!entry || !info) {
      process.nextTick(() => out.destroy(new ExtractionError('corrupt', 'missing zip entry')));
      return out;
    }
    if (info.encrypted) {
      process.nextTick(() => out.destroy(new ExtractionError('encrypted', 'zip entry is encrypted')));
      return out;
    }
    this.#zip.openReadStream(entry, (err, stream) => {
      if (err || !stream) {
        out.destroy(wrap(err, 'unreadable zip entry'));
        return;
      }
      stream.on('error', (e) => out.destroy(wrap(e, 'corrupt zip entry')));
      out.on('close', () => stream.destroy());
      stream.pipe(out);
    });
    return out;
  }

  /** The whole entry as bytes (for small parts such as relationships and styles). */
  async readBytes(name: string): Promise<Buffer> {
    const stream = await this.openEntry(name);
    const chunks: Buffer[] = [];
    try {
      for await (const chunk of stream) chunks.push(chunk as Buffer);
    } catch (err) {
      throw wrap(err, 'corrupt zip entry');
    }
    return Buffer.concat(chunks);
  }

  /** The whole entry decoded as UTF-8 (XML parts). */
  async readText(name: string): Promise<string> {
    return (await this.readBytes(name)).toString('utf8');
  }

  close(): void {
    this.#zip.close();
  }
}
