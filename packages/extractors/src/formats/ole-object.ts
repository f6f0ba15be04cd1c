import { Readable } from 'node:stream';
import { ExtractionError } from '../errors.js';
import { defineFormat, type FormatEvent } from '../format.js';
import { hasCfbMagic, sniffCfb, type CfbFile } from './cfb.js';

const OLE10_NATIVE = '\u0001Ole10Native';

/** A NUL-terminated latin1 string at `offset`: [text, offset after the NUL], or null. */
function cString(bytes: Uint8Array, offset: number): [string, number] | null {
  const end = bytes.indexOf(0, offset);
  if (end < 0) return null;
  return [Buffer.from(bytes.subarray(offset, end)).toString('latin1'), end + 1];
}

/**
 * The file inside an `\x01Ole10Native` stream (OLE Packager): total size, 2 bytes, label, source
 * path, 4 bytes, temp-path length + temp path, data length + data. Null when the layout does not fit.
 */
export function parseOle10Native(stream: Uint8Array): { name: string; data: Uint8Array } | null {
  const view = new DataView(stream.buffer, stream.byteOffset, stream.byteLength);
  if (stream.length < 12) return null;
  const label = cString(stream, 6);
  if (!label) return null;
  const path = cString(stream, label[1]);
  if (!path) return null;
  let offset = path[1] + 4;
  if (offset + 4 > stream.length) return null;
  offset += 4 + view.getUint32(offset, true); // temp path
  if (offset + 4 > stream.length) return null;
  const size = view.getUint32(offset, true);
  offset += 4;
  if (offset + size > stream.length) return null;
  const name = (label[0] || path[0].split(/[\\/]/).pop() || 'embedded').trim();
  return { name, data: stream.subarray(offset, offset + size) };
}

function isOleObject(cfb: CfbFile): boolean {
  if (cfb.has('WordDocument') || cfb.has('Workbook') || cfb.has('Book') || cfb.has('EncryptionInfo')) return false;
  return cfb.has('Package') || cfb.has(OLE10_NATIVE);
}

/**
 * Embedded OLE objects (`word/embeddings/oleObject1.bin` and the like): a CFB container whose `Package`
 * stream holds a whole embedded document (an xlsx inserted as an object), or whose `\x01Ole10Native`
 * stream wraps any file (a PDF or text attached to a Word document). The inner file is handed back to
 * the dispatcher as a member: `Package`, or the packaged file's name.
 */
export const oleObject = defineFormat({
  meta: { id: 'ole-object', description: 'Embedded OLE object (Package or Ole10Native) inside office documents', extensions: [] },
  sniff(input) {
    // No CFB: answered without a promise (most files).
    if (!hasCfbMagic(input.head)) return false;
    return sniffCfb(input).then((cfb) => cfb !== null && cfb !== 'unreadable' && isOleObject(cfb));
  },
  async *extract(input) {
    const cfb = await sniffCfb(input);
    if (cfb === null || cfb === 'unreadable') throw new ExtractionError('corrupt', 'damaged OLE container');
    const entries: FormatEvent[] = [];
    const pkg = cfb.find('Package');
    if (pkg) {
      const data = cfb.read(pkg);
      entries.push({ kind: 'entry', name: 'Package', size: data.length, open: () => Readable.from([Buffer.from(data)]) });
    }
    const native = cfb.find(OLE10_NATIVE);
    if (native) {
      const file = parseOle10Native(cfb.read(native));
      if (file === null) entries.push({ kind: 'problem', level: 'warning', reason: 'corrupt', message: 'unreadable Ole10Native package' });
      else entries.push({ kind: 'entry', name: file.name, size: file.data.length, open: () => Readable.from([Buffer.from(file.data)]) });
    }
    yield* entries;
  },
});
