import { ExtractionError } from '../errors.js';
import type { FormatContext, FormatEvent, FormatInput } from '../format.js';
import type { Place } from '../types.js';
import { columnName, HeaderTracker, numericCellText } from './cells.js';
import { collectXml, type XmlHandler } from './xml-stream.js';
import { looksLikeZip, ZipArchive } from './zip-archive.js';

/**
 * The package's media type: ODF stores an uncompressed `mimetype` entry first, so it is read from the
 * head bytes; otherwise (a package rewritten by another tool) from the entry itself.
 */
export async function odfMimetype(input: FormatInput, ctx?: FormatContext): Promise<string | null> {
  const h = input.head;
  if (h.length > 38 && h[0] === 0x50 && h[1] === 0x4b && h[2] === 3 && h[3] === 4) {
    const method = h[8]! | (h[9]! << 8);
    const size = h[18]! | (h[19]! << 8) | (h[20]! << 16) | (h[21]! << 24);
    const nameLength = h[26]! | (h[27]! << 8);
    const extraLength = h[28]! | (h[29]! << 8);
    const name = Buffer.from(h.subarray(30, 30 + nameLength)).toString('latin1');
    const start = 30 + nameLength + extraLength;
    if (name === 'mimetype' && method === 0 && size > 0 && size < 200 && start + size <= h.length) {
      return Buffer.from(h.subarray(start, start + size)).toString('latin1').trim();
    }
  }
  const names = await input.zipEntryNames();
  if (names === null || !names.includes('mimetype') || !names.includes('content.xml') || ctx === undefined) return null;
  const archive = await ZipArchive.open(input, ctx);
  try {
    return (await archive.readText('mimetype')).trim();
  } finally {
    archive.close();
  }
}

/** A sniff for one ODF kind (`text`, `spreadsheet`, `presentation`), templates included. */
export function odfSniffer(kind: string): (input: FormatInput) => boolean | Promise<boolean> {
  const prefix = `application/vnd.oasis.opendocument.${kind}`;
  // No zip: answered without a promise (most files).
  return (input) => (looksLikeZip(input.head) ? sniffKind(input) : false);
  async function sniffKind(input: FormatInput): Promise<boolean> {
    try {
      const type = await odfMimetype(input, { limits: { maxFileBytes: input.size + 1, maxDepth: 1, maxTotalBytes: 1e6, maxRatio: 1e6, maxMembers: 1e5, timeoutMs: 5000 }, signal: undefined });
      return type !== null && (type === prefix || type.startsWith(`${prefix}-`));
    } catch {
      return false;
    }
  }
}

/**
 * Opens an ODF package; a package whose manifest has `manifest:encryption-data` was saved with a
 * password and is reported as `encrypted` (its XML parts are ciphertext: parsing them gives nothing).
 */
export async function openOdf(input: FormatInput, ctx: FormatContext): Promise<ZipArchive> {
  const archive = await ZipArchive.open(input, ctx);
  try {
    if (archive.has('META-INF/manifest.xml')) {
      const manifest = await archive.readText('META-INF/manifest.xml');
      if (manifest.includes('encryption-data')) throw new ExtractionError('encrypted', 'password-protected OpenDocument file');
    }
    if (!archive.has('content.xml')) throw new ExtractionError('corrupt', 'OpenDocument package without content.xml');
  } catch (err) {
    archive.close();
    throw err;
  }
  return archive;
}

const META_FIELDS: Record<string, string> = {
  'initial-creator': 'author',
  creator: 'lastModifiedBy',
  title: 'title',
  subject: 'subject',
  description: 'description',
  keyword: 'keywords',
};

/** meta.xml as metadata events: author, lastModifiedBy, title, description, keywords, `custom:<name>`. */
export async function* odfMetadata(archive: ZipArchive): AsyncGenerator<FormatEvent> {
  if (!archive.has('meta.xml')) return;
  let field: string | undefined;
  let value = '';
  yield* await collectXml<FormatEvent>(await archive.readText('meta.xml'), {
    open(name, attrs) {
      field = name === 'user-defined' && attrs['meta:name'] ? `custom:${attrs['meta:name']}` : META_FIELDS[name];
      value = '';
    },
    text(t) {
      if (field) value += t;
    },
    close(_name, emit) {
      if (field && value.trim() !== '') emit({ kind: 'metadata', field, value: value.trim() });
      field = undefined;
    },
  });
}

/** Elements whose text is not part of the paragraph it sits in (footnote marks, annotation dates). */
const NOT_PARAGRAPH_TEXT = new Set(['note-citation', 'creator', 'date', 'initials']);

/** Paragraph collector shared by the ODF handlers: `text:p`/`text:h` with spans, spaces, tabs, notes. */
class OdfParagraphs {
  readonly #stack: { index: number; text: string }[] = [];
  #counter = 0;
  #skip = 0;
  readonly authors = new Set<string>();
  readonly commentAuthors = new Set<string>();
  #author: 'revision' | 'comment' | null = null;
  #authorText = '';
  #inChanges = 0;
  #inAnnotation = 0;

  get depth(): number {
    return this.#stack.length;
  }

  open(name: string, attrs: Readonly<Record<string, string>>): void {
    if (name === 'tracked-changes') this.#inChanges++;
    else if (name === 'annotation') this.#inAnnotation++;
    if (name === 'creator' && (this.#inChanges > 0 || this.#inAnnotation > 0)) {
      this.#author = this.#inAnnotation > 0 ? 'comment' : 'revision';
      this.#authorText = '';
    }
    if (this.#skip > 0 || NOT_PARAGRAPH_TEXT.has(name)) {
      this.#skip++;
      return;
    }
    const top = this.#stack[this.#stack.length - 1];
    switch (name) {
      case 'p':
      case 'h':
        this.#stack.push({ index: ++this.#counter, text: '' });
        break;
      case 's':
        if (top) top.text += ' '.repeat(Math.min(Number(attrs['text:c'] ?? 1) || 1, 100));
        break;
      case 'tab':
        if (top) top.text += '\t';
        break;
      case 'line-break':
        if (top) top.text += '\n';
        break;
    }
  }

  text(t: string): void {
    if (this.#author !== null) this.#authorText += t;
    if (this.#skip > 0) return;
    const top = this.#stack[this.#stack.length - 1];
    if (top) top.text += t;
  }

  /** Returns the finished paragraph when `name` closes one. */
  close(name: string): { index: number; text: string } | null {
    if (name === 'tracked-changes') this.#inChanges = Math.max(0, this.#inChanges - 1);
    else if (name === 'annotation') this.#inAnnotation = Math.max(0, this.#inAnnotation - 1);
    if (name === 'creator' && this.#author !== null) {
      const author = this.#authorText.trim();
      if (author) (this.#author === 'comment' ? this.commentAuthors : this.authors).add(author);
      this.#author = null;
    }
    if (this.#skip > 0) {
      this.#skip--;
      return null;
    }
    if (name === 'p' || name === 'h') return this.#stack.pop() ?? null;
    return null;
  }

  authorEvents(emit: (e: FormatEvent) => void): void {
    for (const a of this.authors) emit({ kind: 'metadata', field: 'revisionAuthor', value: a });
    for (const a of this.commentAuthors) emit({ kind: 'metadata', field: 'commentAuthor', value: a });
  }
}

/**
 * Text documents and styles parts: one segment per paragraph or heading (tables, frames, notes and
 * tracked deletions included), located as part + paragraph number.
 */
export function odfTextHandler(part: string): XmlHandler<FormatEvent> {
  const paragraphs = new OdfParagraphs();
  return {
    open: (name, attrs) => paragraphs.open(name, attrs),
    text: (t) => paragraphs.text(t),
    close(name, emit) {
      const p = paragraphs.close(name);
      if (p && p.text.trim() !== '') emit({ kind: 'segment', text: p.text, place: { kind: 'paragraph', part, index: p.index } });
    },
    end: (emit) => paragraphs.authorEvents(emit),
  };
}

/** Presentations: paragraphs located by page (slide) number; `presentation:notes` are the notes. */
export function odfPresentationHandler(): XmlHandler<FormatEvent> {
  const paragraphs = new OdfParagraphs();
  let slide = 0;
  let notes = 0;
  return {
    open(name, attrs) {
      if (name === 'page' && paragraphs.depth === 0) slide++;
      else if (name === 'notes') notes++;
      paragraphs.open(name, attrs);
    },
    text: (t) => paragraphs.text(t),
    close(name, emit) {
      if (name === 'notes') notes = Math.max(0, notes - 1);
      const p = paragraphs.close(name);
      if (p && p.text.trim() !== '' && slide > 0) {
        const place: Place = notes > 0 ? { kind: 'slide', slide, notes: true } : { kind: 'slide', slide };
        emit({ kind: 'segment', text: p.text, place });
      }
    },
    end: (emit) => paragraphs.authorEvents(emit),
  };
}

/** Most repetitions of one non-empty repeated cell or row that are emitted. */
const MAX_REPEAT = 1000;

/**
 * Spreadsheets: one segment per non-empty cell at `Sheet!B7` (repeated rows and columns counted),
 * with the column header. Numeric cells: the displayed text when it shows all the digits of the value,
 * else the raw `office:value` in full (so `1,98501E+11` becomes `198501012382`, and a 9-digit value
 * gets its leading zero back).
 */
export function odfSpreadsheetHandler(): XmlHandler<FormatEvent> {
  let sheet = '';
  let headers = new HeaderTracker();
  let row = 0;
  let rowRepeat = 1;
  let column = 0;
  let cell: { repeat: number; type: string; value: string | undefined; text: string; paragraphs: number } | null = null;
  let rowCells: { column: number; repeat: number; text: string; isText: boolean }[] = [];
  let inParagraph = 0;
  let skip = 0;
  return {
    open(name, attrs) {
      if (skip > 0 || name === 'annotation' || name === 'note-citation') {
        skip++;
        return;
      }
      switch (name) {
        case 'table':
          sheet = attrs['table:name'] ?? '';
          headers = new HeaderTracker();
          row = 0;
          break;
        case 'table-row':
          row++;
          rowRepeat = Math.max(1, Number(attrs['table:number-rows-repeated'] ?? 1) || 1);
          column = 0;
          rowCells = [];
          break;
        case 'table-cell':
        case 'covered-table-cell':
          cell = {
            repeat: Math.max(1, Number(attrs['table:number-columns-repeated'] ?? 1) || 1),
            type: attrs['office:value-type'] ?? '',
            value: attrs['office:value'],
            text: '',
            paragraphs: 0,
          };
          break;
        case 'p':
        case 'h':
          if (cell) {
            if (cell.paragraphs++ > 0) cell.text += '\n';
            inParagraph++;
          }
          break;
        case 's':
          if (cell && inParagraph > 0) cell.text += ' '.repeat(Math.min(Number(attrs['text:c'] ?? 1) || 1, 100));
          break;
        case 'tab':
          if (cell && inParagraph > 0) cell.text += '\t';
          break;
        case 'line-break':
          if (cell && inParagraph > 0) cell.text += '\n';
          break;
      }
    },
    text(t) {
      if (skip === 0 && cell && inParagraph > 0) cell.text += t;
    },
    close(name, emit) {
      if (skip > 0) {
        skip--;
        return;
      }
      switch (name) {
        case 'p':
        case 'h':
          inParagraph = Math.max(0, inParagraph - 1);
          break;
        case 'table-cell':
        case 'covered-table-cell': {
          if (!cell) break;
          let text = cell.text;
          let isText = true;
          if ((cell.type === 'float' || cell.type === 'currency' || cell.type === 'percentage') && cell.value !== undefined) {
            isText = false;
            const raw = numericCellText(cell.value, undefined);
            if (/^\d+$/.test(raw) && text.replace(/\D/g, '') !== raw) text = raw;
          }
          if (text.trim() !== '') rowCells.push({ column, repeat: Math.min(cell.repeat, MAX_REPEAT), text, isText });
          column += cell.repeat;
          cell = null;
          break;
        }
        case 'table-row': {
          const repeats = rowCells.length > 0 ? Math.min(rowRepeat, MAX_REPEAT) : 1;
          for (let r = 0; r < repeats; r++) {
            const rowNo = row + r;
            headers.observeRow(rowNo, rowCells.map((c) => [c.column, c.text, c.isText] as const));
            for (const c of rowCells) {
              for (let k = 0; k < c.repeat; k++) {
                const header = headers.headerOf(c.column + k, rowNo);
                emit({
                  kind: 'segment',
                  text: c.text,
                  place: { kind: 'cell', sheet, cell: `${columnName(c.column + k)}${rowNo}`, ...(header !== undefined ? { header } : {}) },
                });
              }
            }
          }
          row += rowRepeat - 1;
          rowCells = [];
          break;
        }
      }
    },
  };
}
