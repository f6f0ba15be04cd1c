/**
 * A minimal read-only reader of Compound File Binary (OLE2) containers, the envelope of .doc, .xls,
 * .msg and encrypted OOXML: the directory (stream names) and small streams. Enough to tell which
 * format a CFB file is, whether it is encrypted, and to read the summary properties; the format
 * libraries read the content itself. Private helper of the doc and xls format modules.
 */
import { ExtractionError } from '../errors.js';
import type { FormatInput } from '../format.js';
import { decodeCp1252 } from './cp1252.js';

export const CFB_MAGIC = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];

const END_OF_CHAIN = 0xfffffffe;
const FREE_SECTOR = 0xffffffff;
const MAX_REGULAR_SECTOR = 0xfffffffa;

export interface CfbEntry {
  readonly name: string;
  /** 1 storage, 2 stream, 5 root. */
  readonly type: number;
  readonly start: number;
  readonly size: number;
}

export interface CfbFile {
  readonly entries: readonly CfbEntry[];
  /** True when a stream or storage of this name exists anywhere in the tree (names compare case-insensitively). */
  has(name: string): boolean;
  find(name: string): CfbEntry | undefined;
  /** The first `maxBytes` bytes (default: all) of a stream. */
  read(entry: CfbEntry, maxBytes?: number): Uint8Array;
}

/** Thrown when the container structure is inconsistent (truncated or damaged file). */
export class CfbFormatError extends Error {
  override readonly name = 'CfbFormatError';
}

export function hasCfbMagic(head: Uint8Array): boolean {
  return CFB_MAGIC.every((b, i) => head[i] === b);
}

/**
 * Opens a legacy Office document's container for extraction: a damaged container is `corrupt`, an
 * encrypted one (an `EncryptionInfo` stream) is `encrypted` — the same for .doc and .xls.
 */
export function openOfficeCfb(bytes: Uint8Array): CfbFile {
  let cfb: CfbFile;
  try {
    cfb = parseCfb(bytes);
  } catch (error) {
    if (error instanceof CfbFormatError) throw new ExtractionError('corrupt', `damaged compound file: ${error.message}`, { cause: error });
    throw error;
  }
  if (cfb.has('EncryptionInfo')) throw new ExtractionError('encrypted', 'encrypted Office document');
  return cfb;
}

/** Parses the header, FAT and directory. Throws {@link CfbFormatError} on a damaged container. */
export function parseCfb(bytes: Uint8Array): CfbFile {
  if (bytes.length < 512 || !hasCfbMagic(bytes)) throw new CfbFormatError('not a compound file');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const u32 = (offset: number): number => {
    if (offset < 0 || offset + 4 > bytes.length) throw new CfbFormatError('read past the end of the file');
    return view.getUint32(offset, true);
  };
  const sectorShift = view.getUint16(0x1e, true);
  const miniShift = view.getUint16(0x20, true);
  if (sectorShift !== 9 && sectorShift !== 12) throw new CfbFormatError(`sector shift ${sectorShift}`);
  const sectorSize = 1 << sectorShift;
  const miniSize = 1 << miniShift;
  const perSector = sectorSize / 4;
  const sectorCount = Math.ceil(bytes.length / sectorSize); // an upper bound for chain lengths
  const sectorOffset = (sector: number): number => (sector + 1) * sectorSize;

  // FAT sector list: 109 entries in the header, then the DIFAT chain.
  const fatSectors: number[] = [];
  for (let i = 0; i < 109; i++) {
    const s = u32(0x4c + i * 4);
    if (s <= MAX_REGULAR_SECTOR) fatSectors.push(s);
  }
  let difat = u32(0x44);
  for (let guard = 0; difat <= MAX_REGULAR_SECTOR && guard < sectorCount; guard++) {
    const base = sectorOffset(difat);
    for (let i = 0; i < perSector - 1; i++) {
      const s = u32(base + i * 4);
      if (s <= MAX_REGULAR_SECTOR) fatSectors.push(s);
    }
    difat = u32(base + (perSector - 1) * 4);
  }
  const nextSector = (sector: number): number => {
    const fatSector = fatSectors[Math.floor(sector / perSector)];
    if (fatSector === undefined) throw new CfbFormatError(`sector ${sector} is outside the FAT`);
    return u32(sectorOffset(fatSector) + (sector % perSector) * 4);
  };
  const chain = (start: number): number[] => {
    const out: number[] = [];
    for (let s = start; s !== END_OF_CHAIN; s = nextSector(s)) {
      if (s > MAX_REGULAR_SECTOR || s === FREE_SECTOR) throw new CfbFormatError('broken sector chain');
      if (out.length > sectorCount) throw new CfbFormatError('sector chain loops');
      out.push(s);
    }
    return out;
  };

  const entries: CfbEntry[] = [];
  for (const sector of chain(u32(0x30))) {
    const base = sectorOffset(sector);
    for (let k = 0; k < sectorSize / 128; k++) {
      const at = base + k * 128;
      if (at + 128 > bytes.length) throw new CfbFormatError('directory runs past the end of the file');
      const type = bytes[at + 0x42]!;
      if (type === 0) continue;
      const nameBytes = Math.min(64, Math.max(0, view.getUint16(at + 0x40, true) - 2));
      const name = Buffer.from(bytes.buffer, bytes.byteOffset + at, nameBytes).toString('utf16le');
      entries.push({ name, type, start: u32(at + 0x74), size: u32(at + 0x78) });
    }
  }
  const root = entries.find((e) => e.type === 5);
  const miniCutoff = u32(0x38);
  let miniFat: number[] | undefined;
  let miniStreamSectors: number[] | undefined;

  function readRegular(start: number, length: number): Uint8Array {
    const out = new Uint8Array(length);
    let written = 0;
    for (const s of chain(start)) {
      if (written >= length) break;
      const base = sectorOffset(s);
      const take = Math.min(sectorSize, length - written);
      if (base + take > bytes.length) throw new CfbFormatError('stream runs past the end of the file');
      out.set(bytes.subarray(base, base + take), written);
      written += take;
    }
    if (written < length) throw new CfbFormatError('stream is shorter than its directory entry says');
    return out;
  }
  function readMini(start: number, length: number): Uint8Array {
    if (root === undefined) throw new CfbFormatError('no root entry');
    miniFat ??= (() => {
      const count = u32(0x40);
      const raw = count === 0 ? new Uint8Array(0) : readRegular(u32(0x3c), count * sectorSize);
      const dv = new DataView(raw.buffer, raw.byteOffset, raw.byteLength);
      return Array.from({ length: raw.length / 4 }, (_, i) => dv.getUint32(i * 4, true));
    })();
    miniStreamSectors ??= chain(root.start);
    const out = new Uint8Array(length);
    let written = 0;
    let guard = 0;
    for (let m = start; m !== END_OF_CHAIN && written < length; m = miniFat[m] ?? END_OF_CHAIN) {
      if (++guard > miniFat.length + 1) throw new CfbFormatError('mini chain loops');
      const position = m * miniSize;
      const sector = miniStreamSectors[Math.floor(position / sectorSize)];
      if (sector === undefined) throw new CfbFormatError('mini sector outside the mini stream');
      const base = sectorOffset(sector) + (position % sectorSize);
      const take = Math.min(miniSize, length - written);
      if (base + take > bytes.length) throw new CfbFormatError('mini stream runs past the end of the file');
      out.set(bytes.subarray(base, base + take), written);
      written += take;
    }
    if (written < length) throw new CfbFormatError('stream is shorter than its directory entry says');
    return out;
  }

  const byName = new Map(entries.map((e) => [e.name.toLowerCase(), e]));
  return {
    entries,
    has: (name) => byName.has(name.toLowerCase()),
    find: (name) => byName.get(name.toLowerCase()),
    read(entry, maxBytes = entry.size) {
      const length = Math.min(entry.size, maxBytes);
      return entry.size < miniCutoff && entry.type === 2 ? readMini(entry.start, length) : readRegular(entry.start, length);
    },
  };
}

/**
 * Author fields of the `\x05SummaryInformation` property set (PIDs 4 author, 8 last author), which
 * Word and Excel write into every file. Returns an empty list when the set is missing or unreadable.
 */
export function readSummaryAuthors(file: CfbFile): Array<{ field: 'author' | 'lastModifiedBy'; value: string }> {
  const entry = file.find('\u0005SummaryInformation');
  if (entry === undefined || entry.size > 1 << 20) return [];
  const data = file.read(entry);
  const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
  if (data.length < 48) return [];
  const sectionOffset = view.getUint32(44, true);
  if (sectionOffset + 8 > data.length) return [];
  const count = view.getUint32(sectionOffset + 4, true);
  const props = new Map<number, number>();
  for (let i = 0; i < count && sectionOffset + 8 + i * 8 + 8 <= data.length; i++) {
    props.set(view.getUint32(sectionOffset + 8 + i * 8, true), sectionOffset + view.getUint32(sectionOffset + 12 + i * 8, true));
  }
  let codePage = 1252;
  const cpAt = props.get(1);
  if (cpAt !== undefined && cpAt + 6 <= data.length && view.getUint16(cpAt, true) === 2) codePage = view.getUint16(cpAt + 4, true);
  const out: Array<{ field: 'author' | 'lastModifiedBy'; value: string }> = [];
  for (const [pid, field] of [[4, 'author'], [8, 'lastModifiedBy']] as const) {
    const at = props.get(pid);
    if (at === undefined || at + 8 > data.length) continue;
    const type = view.getUint32(at, true);
    const length = view.getUint32(at + 4, true);
    if (at + 8 + length > data.length) continue;
    const raw = data.subarray(at + 8, at + 8 + (type === 0x1f ? length * 2 : length));
    let value: string;
    if (type === 0x1f) value = Buffer.from(raw).toString('utf16le');
    else if (type === 0x1e) value = decodeCodePage(raw, codePage);
    else continue;
    value = value.replace(/\0+$/u, '').trim();
    if (value !== '') out.push({ field, value });
  }
  return out;
}

function decodeCodePage(raw: Uint8Array, codePage: number): string {
  if (codePage === 65001) return new TextDecoder('utf-8').decode(raw);
  if (codePage === 1252) return decodeCp1252(raw);
  try {
    return new TextDecoder(`windows-${codePage}`).decode(raw);
  } catch {
    return Buffer.from(raw).toString('latin1');
  }
}

/** The CFB container of a sniffed input, or `unreadable` when it could not be loaded or parsed. */
export type SniffedCfb = CfbFile | 'unreadable' | null;

const sniffed = new WeakMap<FormatInput, Promise<SniffedCfb>>();

/**
 * Parses the container once per input for all CFB-based formats' `sniff`. `null`: not a CFB file.
 * The directory can lie anywhere in the file, so this needs the whole content.
 */
export function sniffCfb(input: FormatInput): Promise<SniffedCfb> {
  if (!hasCfbMagic(input.head)) return Promise.resolve(null);
  let result = sniffed.get(input);
  if (result === undefined) {
    result = input.bytes().then(
      (bytes) => {
        try {
          return parseCfb(bytes);
        } catch {
          return 'unreadable' as const; // damaged: the extension decides, extract reports `corrupt`
        }
      },
      () => 'unreadable' as const, // e.g. too large to load: the extension decides, extract reports why
    );
    sniffed.set(input, result);
  }
  return result;
}

/**
 * Sniff for a legacy Office format: a readable, unencrypted compound file holding one of `streams`;
 * a damaged container is claimed by its extension so that extraction can report it `corrupt`.
 */
export function sniffOfficeCfb(input: FormatInput, extensions: readonly string[], streams: readonly string[]): boolean | Promise<boolean> {
  // Answered at once for what is no CFB at all (nearly every file): no promise per file.
  if (!hasCfbMagic(input.head)) return false;
  return sniffOfficeCfbStreams(input, extensions, streams);
}

async function sniffOfficeCfbStreams(input: FormatInput, extensions: readonly string[], streams: readonly string[]): Promise<boolean> {
  const cfb = await sniffCfb(input);
  if (cfb === null) return false;
  if (cfb === 'unreadable') return hasExtension(input.name, extensions);
  return streams.some((name) => cfb.has(name)) && !cfb.has('EncryptionInfo');
}

/** Whether the input's name ends with one of the extensions (lower-case, with the dot). */
export function hasExtension(name: string, extensions: readonly string[]): boolean {
  const lower = name.toLowerCase();
  return extensions.some((ext) => lower.endsWith(ext));
}
