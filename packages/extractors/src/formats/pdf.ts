import { ExtractionError } from '../errors.js';
import { defineFormat, type Format, type FormatContext, type FormatEvent, type FormatInput } from '../format.js';
import { itemsToLines, joinLines, type PositionedText } from './pdf-lines.js';

/** Options of the PDF format module. */
export interface PdfOptions {
  /**
   * Most pages read from one PDF. Pages after it are not read and a `limits-exceeded` warning is
   * reported (the pages before it are still scanned). Default 10,000.
   */
  readonly maxPages?: number;
}

export const DEFAULT_MAX_PDF_PAGES = 10_000;
const CLEANUP_EVERY_PAGES = 100;

const PDF_MAGIC = [0x25, 0x50, 0x44, 0x46, 0x2d]; // "%PDF-"

/** True when `%PDF-` occurs within the first 1 KB (Acrobat accepts leading junk up to 1 KB). */
export function hasPdfHeader(head: Uint8Array): boolean {
  const end = Math.min(head.length, 1024) - PDF_MAGIC.length;
  // Every file's head is checked: jump from one '%' to the next (a native search) instead of
  // comparing at each of the 1,024 positions.
  for (let i = head.indexOf(0x25); i >= 0 && i <= end; i = head.indexOf(0x25, i + 1)) {
    if (head[i + 1] === 0x50 && head[i + 2] === 0x44 && head[i + 3] === 0x46 && head[i + 4] === 0x2d) return true;
  }
  return false;
}

/**
 * The whole PDF in a buffer of its own: pdf.js transfers (detaches) the buffer it is given, so bytes
 * the caller holds are copied. A PDF that is only streamed (a big file, a container member) is read
 * straight into one buffer of its size: reading it whole (chunks, then joined) and copying that held
 * it three times at peak — a 194 MB PDF peaked at 740 MB RSS (`node bench/memory.mjs --only pdf-scanned`).
 */
async function ownBytes(input: FormatInput, ctx: FormatContext): Promise<Uint8Array> {
  if (input.inMemory !== undefined) return new Uint8Array(input.inMemory);
  const max = ctx.limits.maxFileBytes;
  let out = new Uint8Array(Math.min(input.size, max));
  let length = 0;
  for await (const chunk of input.open()) {
    const bytes = chunk as Uint8Array;
    if (length + bytes.length > out.length) {
      if (length + bytes.length > max) throw new ExtractionError('too-large', `content is larger than ${max} bytes`);
      // More bytes than the listed size (the file grew): make room.
      const grown = new Uint8Array(Math.min(max, Math.max(out.length * 2, length + bytes.length)));
      grown.set(out.subarray(0, length));
      out = grown;
    }
    out.set(bytes, length);
    length += bytes.length;
  }
  return length === out.length ? out : out.subarray(0, length);
}

/** pdf.js signals its failures through exception class names, not instanceof-able exports. */
function classify(error: unknown): ExtractionError {
  if (error instanceof ExtractionError) return error;
  const name = error instanceof Error ? error.name : '';
  if (name === 'PasswordException') {
    return new ExtractionError('encrypted', 'the PDF needs a password to open', { cause: error });
  }
  if (name === 'AbortError') return new ExtractionError('timeout', 'PDF extraction was aborted', { cause: error });
  return new ExtractionError('corrupt', `the PDF could not be parsed (${name || 'error'})`, { cause: error });
}

function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new ExtractionError('timeout', 'PDF extraction was aborted', { cause: signal.reason });
}

const METADATA_FIELDS: ReadonlyArray<readonly [string, string]> = [
  ['Author', 'author'],
  ['Title', 'title'],
  ['Subject', 'subject'],
  ['Keywords', 'keywords'],
];

/** Builds the PDF format module; {@link pdf} is the instance with default options. */
export function createPdfFormat(options: PdfOptions = {}): Format {
  const maxPages = options.maxPages ?? DEFAULT_MAX_PDF_PAGES;
  return defineFormat({
    meta: {
      id: 'pdf',
      description: 'PDF with a text layer, read page by page (pdf.js through unpdf)',
      extensions: ['.pdf'],
      mediaTypes: ['application/pdf'],
    },
    sniff: (input) => hasPdfHeader(input.head),
    extract: (input, ctx) => extractPdf(input, ctx, maxPages),
  });
}

async function* extractPdf(input: FormatInput, ctx: FormatContext, maxPages: number): AsyncGenerator<FormatEvent> {
  throwIfAborted(ctx.signal);
  const data = await ownBytes(input, ctx);
  const { getDocumentProxy, getResolvedPDFJS } = await import('unpdf');
  let doc: Awaited<ReturnType<typeof getDocumentProxy>>;
  try {
    doc = await getDocumentProxy(data, { isEvalSupported: false, verbosity: 0, disableFontFace: true, useSystemFonts: false });
  } catch (error) {
    throw classify(error);
  }
  try {
    yield* readMetadata(doc);
    const pageCount = doc.numPages;
    let textChars = 0;
    let pagesRead = 0;
    let lastError: unknown;
    /** Pages without text that paint an image: scanned pages inside an otherwise digital PDF. */
    const imageOnlyPages: number[] = [];
    let imageOps: ReadonlySet<number> | undefined;
    for (let pageNumber = 1; pageNumber <= pageCount; pageNumber++) {
      throwIfAborted(ctx.signal);
      if (pageNumber > maxPages) {
        yield {
          kind: 'problem',
          level: 'warning',
          reason: 'limits-exceeded',
          message: `only the first ${maxPages} of ${pageCount} pages were read`,
        };
        break;
      }
      let text: string;
      try {
        const page = await doc.getPage(pageNumber);
        try {
          const content = await page.getTextContent();
          const items = content.items.filter((item): item is PositionedText & typeof item => 'str' in item);
          text = joinLines(itemsToLines(items));
          if (text.trim() === '') {
            // Only for pages without text (rare), so the cost of the operator list is paid rarely.
            imageOps ??= imageOperators((await getResolvedPDFJS()).OPS);
            const ops = await page.getOperatorList();
            if (ops.fnArray.some((fn) => imageOps!.has(fn))) imageOnlyPages.push(pageNumber);
          }
        } finally {
          // Frees the page's parsed resources so memory stays flat over thousands of pages.
          page.cleanup();
        }
      } catch (error) {
        if (error instanceof ExtractionError) throw error;
        lastError = error;
        yield { kind: 'problem', level: 'warning', reason: 'corrupt', message: `page ${pageNumber} could not be read` };
        continue;
      }
      pagesRead++;
      // pdf.js keeps every page it has loaded; dropping its caches now and then keeps memory flat.
      if (pageNumber % CLEANUP_EVERY_PAGES === 0) await doc.cleanup();
      if (text.trim() === '') continue;
      textChars += text.length;
      yield { kind: 'segment', text, place: { kind: 'page', page: pageNumber } };
    }
    if (pagesRead === 0 && lastError !== undefined) throw classify(lastError);
    if (textChars === 0 && pagesRead > 0) {
      throw new ExtractionError('no-text-layer', `none of the ${pagesRead} pages has a text layer (scanned or image-only PDF)`);
    }
    if (imageOnlyPages.length > 0) {
      yield {
        kind: 'problem',
        level: 'warning',
        reason: 'no-text-layer',
        message: `${imageOnlyPages.length} page(s) are images without a text layer and were not read: ${pageList(imageOnlyPages)}`,
      };
    }
  } finally {
    await doc.destroy().catch(() => undefined);
  }
}

function imageOperators(ops: Record<string, number>): ReadonlySet<number> {
  const names = [
    'paintImageXObject',
    'paintInlineImageXObject',
    'paintInlineImageXObjectGroup',
    'paintImageXObjectRepeat',
    'paintImageMaskXObject',
    'paintImageMaskXObjectGroup',
    'paintImageMaskXObjectRepeat',
  ];
  return new Set(names.flatMap((n) => (ops[n] !== undefined ? [ops[n]] : [])));
}

/** `1, 3, 5 … (12 pages)`: short enough for a report line. */
function pageList(pages: readonly number[]): string {
  return pages.length <= 10 ? pages.join(', ') : `${pages.slice(0, 10).join(', ')} … (${pages.length} pages)`;
}

async function* readMetadata(doc: { getMetadata(): Promise<{ info: object }> }): AsyncGenerator<FormatEvent> {
  let info: Record<string, unknown>;
  try {
    info = (await doc.getMetadata()).info as Record<string, unknown>;
  } catch {
    // A broken Info dictionary must not stop the text from being read.
    yield { kind: 'problem', level: 'warning', reason: 'corrupt', message: 'the document information dictionary could not be read' };
    return;
  }
  for (const [key, field] of METADATA_FIELDS) {
    const value = info[key];
    if (typeof value === 'string' && value.trim() !== '') yield { kind: 'metadata', field, value: value.trim() };
  }
}

/** PDF with a text layer: one segment per page (`{ kind: 'page', page }`), metadata author/title/subject/keywords. */
export const pdf = createPdfFormat();
