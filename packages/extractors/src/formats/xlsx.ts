import { ExtractionError } from '../errors.js';
import { defineFormat, type FormatEvent } from '../format.js';
import { columnIndex, columnName, HeaderTracker, numericCellText, rowNumber } from '../office/cells.js';
import { embeddedEntries, mainPart, ooxmlProperties, readRelationships } from '../office/ooxml.js';
import { collectXml, streamXml, streamXmlEvents, type XmlHandler } from '../office/xml-stream.js';
import { looksLikeZip, ZipArchive } from '../office/zip-archive.js';
import { SharedStrings } from './xlsx-shared-strings.js';

/** Built-in number formats that matter for rendering integers (the rest are dates, decimals…). */
const BUILTIN_FORMATS: Record<number, string> = { 0: 'General', 1: '0', 3: '#,##0', 11: '0.00E+00', 48: '##0.0E+0', 49: '@' };

interface SheetInfo {
  readonly name: string;
  readonly part: string;
}

/** Shared string table: `si` items with their runs joined (phonetic `rPh` text left out), packed. */
async function sharedStrings(archive: ZipArchive, part: string | undefined): Promise<SharedStrings> {
  const out = new SharedStrings();
  if (!part || !archive.has(part)) return out;
  let current = '';
  let inT = 0;
  let phonetic = 0;
  for await (const s of streamXml<string>(await archive.openEntry(part), {
    open(name) {
      if (name === 'si') current = '';
      else if (name === 't') inT++;
      else if (name === 'rPh') phonetic++;
    },
    text(t) {
      if (inT > 0 && phonetic === 0) current += t;
    },
    close(name, emit) {
      if (name === 't') inT = Math.max(0, inT - 1);
      else if (name === 'rPh') phonetic = Math.max(0, phonetic - 1);
      else if (name === 'si') emit(current);
    },
  })) {
    out.push(s);
  }
  return out;
}

/** Number-format code per cell style index (`s` attribute), from styles.xml. */
async function styleFormats(archive: ZipArchive, part: string | undefined): Promise<(string | undefined)[]> {
  if (!part || !archive.has(part)) return [];
  const codes = new Map<number, string>();
  const xfs: (string | undefined)[] = [];
  let inCellXfs = false;
  const ids: number[] = [];
  await collectXml<never>(await archive.readText(part), {
    open(name, attrs) {
      if (name === 'numFmt' && attrs.numFmtId !== undefined && attrs.formatCode !== undefined) codes.set(Number(attrs.numFmtId), attrs.formatCode);
      else if (name === 'cellXfs') inCellXfs = true;
      else if (name === 'xf' && inCellXfs) ids.push(Number(attrs.numFmtId ?? 0));
    },
    close(name) {
      if (name === 'cellXfs') inCellXfs = false;
    },
  });
  for (const id of ids) xfs.push(codes.get(id) ?? BUILTIN_FORMATS[id]);
  return xfs;
}

interface PendingCell {
  readonly column: number;
  readonly ref: string;
  readonly text: string;
  readonly isText: boolean;
}

/**
 * Streaming handler for one worksheet: one segment per non-empty cell at `Sheet!B7`, with the column
 * header when the sheet has a header row. Numbers are rendered from the raw `<v>` value (never the
 * rounded display), through digit masks such as `000000-0000`, with a lost leading zero restored.
 */
function sheetHandler(sheet: string, strings: SharedStrings, formats: readonly (string | undefined)[]): XmlHandler<FormatEvent> {
  const headers = new HeaderTracker();
  let row = 0;
  let column = -1;
  let cells: PendingCell[] = [];
  let cell: { ref: string; type: string; style: number } | null = null;
  let value = '';
  let inline = '';
  let inV = false;
  let inIs = 0;
  let inT = 0;
  let phonetic = 0;
  const flushRow = (emit: (e: FormatEvent) => void) => {
    headers.observeRow(row, cells.map((c) => [c.column, c.text, c.isText] as const));
    for (const c of cells) {
      const header = headers.headerOf(c.column, row);
      emit({ kind: 'segment', text: c.text, place: { kind: 'cell', sheet, cell: c.ref, ...(header !== undefined ? { header } : {}) } });
    }
    cells = [];
  };
  return {
    open(name, attrs, emit) {
      switch (name) {
        case 'row': {
          if (cells.length > 0) flushRow(emit);
          row = attrs.r !== undefined ? Number(attrs.r) : row + 1;
          column = -1;
          break;
        }
        case 'c': {
          const ref = attrs.r;
          column = ref !== undefined ? columnIndex(ref) : column + 1;
          if (ref !== undefined && rowNumber(ref) > 0) row = rowNumber(ref);
          cell = { ref: ref ?? `${columnName(column)}${row}`, type: attrs.t ?? 'n', style: Number(attrs.s ?? 0) };
          value = '';
          inline = '';
          break;
        }
        case 'v':
          inV = true;
          break;
        case 'is':
          inIs++;
          break;
        case 't':
          if (inIs > 0) inT++;
          break;
        case 'rPh':
          phonetic++;
          break;
      }
    },
    text(t) {
      if (inV) value += t;
      else if (inT > 0 && phonetic === 0) inline += t;
    },
    close(name, emit) {
      switch (name) {
        case 'v':
          inV = false;
          break;
        case 'is':
          inIs = Math.max(0, inIs - 1);
          break;
        case 't':
          if (inT > 0) inT--;
          break;
        case 'rPh':
          phonetic = Math.max(0, phonetic - 1);
          break;
        case 'c': {
          if (!cell) break;
          let text: string | undefined;
          let isText = true;
          if (cell.type === 's') text = strings.get(Number(value));
          else if (cell.type === 'inlineStr') text = inline;
          else if (cell.type === 'str') text = value;
          else if (cell.type === 'n' && value !== '') {
            text = numericCellText(value.trim(), formats[cell.style]);
            isText = false;
          }
          if (text !== undefined && text.trim() !== '') cells.push({ column: columnIndex(cell.ref), ref: cell.ref, text, isText });
          cell = null;
          break;
        }
        case 'row':
          flushRow(emit);
          break;
      }
    },
    end(emit) {
      if (cells.length > 0) flushRow(emit);
    },
  };
}

/** Cell comments (notes) of a sheet, located at their cell. */
async function* sheetComments(archive: ZipArchive, sheet: SheetInfo): AsyncGenerator<FormatEvent> {
  const rels = await readRelationships(archive, sheet.part);
  for (const rel of rels) {
    if (rel.external || (rel.type !== 'comments' && rel.type !== 'threadedComment') || !archive.has(rel.target)) continue;
    let ref: string | undefined;
    let text = '';
    let inT = 0;
    yield* streamXmlEvents(await archive.openEntry(rel.target), {
      open(name, attrs) {
        if (name === 'comment' || name === 'threadedComment') {
          ref = attrs.ref;
          text = '';
        } else if (name === 't' || name === 'text') inT++;
      },
      text(t) {
        if (ref !== undefined && inT > 0) text += t;
      },
      close(name, emit) {
        if (name === 't' || name === 'text') inT = Math.max(0, inT - 1);
        else if ((name === 'comment' || name === 'threadedComment') && ref !== undefined) {
          if (text.trim() !== '') emit({ kind: 'segment', text, place: { kind: 'cell', sheet: sheet.name, cell: ref } });
          ref = undefined;
        }
      },
    });
  }
}

/**
 * Excel workbooks (xlsx, xlsm, xltx): every sheet including hidden ones, streamed cell by cell
 * (bounded memory for huge sheets; the shared string table is held in memory, packed as UTF-8). Shared, inline and
 * formula strings as text; numbers from their raw value with digit masks and lost leading zeros
 * restored. Location `Sheet!B7`, with the column header as context. Cell comments, document
 * properties and embedded files (`xl/embeddings/*`) too.
 */
export const xlsx = defineFormat({
  meta: {
    id: 'xlsx',
    description: 'Excel workbook (Office Open XML)',
    extensions: ['.xlsx', '.xlsm', '.xltx', '.xltm'],
    mediaTypes: ['application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'],
  },
  sniff(input) {
    // No zip, no entry names: answered without a promise (most files).
    if (!looksLikeZip(input.head)) return false;
    return input.zipEntryNames().then((names) => names !== null && names.includes('[Content_Types].xml') && names.some((n) => n.startsWith('xl/')));
  },
  async *extract(input, ctx) {
    const archive = await ZipArchive.open(input, ctx);
    try {
      const workbook = await mainPart(archive, 'xl/workbook.xml');
      if (!archive.has(workbook)) throw new ExtractionError('corrupt', 'Excel package without a workbook part');
      const rels = await readRelationships(archive, workbook);
      const byId = new Map(rels.map((r) => [r.id, r]));
      const sheets = (
        await collectXml<SheetInfo | null>(await archive.readText(workbook), {
          open(name, attrs, emit) {
            if (name !== 'sheet') return;
            const id = Object.entries(attrs).find(([k]) => k === 'r:id' || k.endsWith(':id'))?.[1];
            const rel = id !== undefined ? byId.get(id) : undefined;
            emit(rel && !rel.external ? { name: attrs.name ?? '', part: rel.target } : null);
          },
        })
      ).filter((s): s is SheetInfo => s !== null && archive.has(s.part));
      const strings = await sharedStrings(archive, rels.find((r) => r.type === 'sharedStrings')?.target);
      const formats = await styleFormats(archive, rels.find((r) => r.type === 'styles')?.target);
      for (const sheet of sheets) {
        try {
          yield* streamXmlEvents(await archive.openEntry(sheet.part), sheetHandler(sheet.name, strings, formats), ctx.signal);
          yield* sheetComments(archive, sheet);
        } catch (err) {
          if (ctx.signal?.aborted || (err instanceof ExtractionError && err.reason !== 'corrupt')) throw err;
          // A warning: the workbook was read in part, and what was read still counts (a file-level error would drop it).
          yield { kind: 'problem', level: 'warning', reason: 'corrupt', message: `sheet ${sheet.name} could not be read completely: ${(err as Error).message}` };
        }
      }
      yield* ooxmlProperties(archive);
      yield* embeddedEntries(archive, 'xl/embeddings/');
    } finally {
      archive.close();
    }
  },
});
