import { ExtractionError } from '../errors.js';
import { defineFormat, type FormatContext, type FormatEvent, type FormatInput } from '../format.js';
import { CfbFormatError, openOfficeCfb, readSummaryAuthors, sniffOfficeCfb, type CfbFile } from './cfb.js';

const EXTENSIONS = ['.doc', '.dot'];
/** FIB `nFib` of Word 97; older Word 6/95 files use a different layout that word-extractor cannot read. */
const NFIB_WORD97 = 0x00c1;
const FIB_FLAG_ENCRYPTED = 0x0100;
const FIB_FLAG_OBFUSCATED = 0x8000;

function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new ExtractionError('timeout', 'Word extraction was aborted', { cause: signal.reason });
}

/** Checks the File Information Block at the start of the WordDocument stream. */
function checkFib(cfb: CfbFile): void {
  const entry = cfb.find('WordDocument');
  if (entry === undefined) throw new ExtractionError('unsupported', 'the compound file has no WordDocument stream');
  const fib = cfb.read(entry, 32);
  if (fib.length < 12) throw new ExtractionError('corrupt', 'the Word file information block is truncated');
  const view = new DataView(fib.buffer, fib.byteOffset, fib.byteLength);
  if (view.getUint16(0, true) !== 0xa5ec) throw new ExtractionError('corrupt', 'the WordDocument stream has no Word signature');
  const flags = view.getUint16(0x0a, true);
  if (flags & (FIB_FLAG_ENCRYPTED | FIB_FLAG_OBFUSCATED)) {
    throw new ExtractionError('encrypted', 'the Word document is password-protected');
  }
  if (view.getUint16(2, true) < NFIB_WORD97) {
    throw new ExtractionError('unsupported', 'Word 6/95 documents are not supported (only Word 97-2003)');
  }
}

/** Splits a part's text into paragraphs: non-empty lines, 1-based; a table row is one line with tab-separated cells. */
function* paragraphs(part: string, text: string): Generator<FormatEvent> {
  let index = 0;
  for (const line of text.split(/\r?\n|\r/u)) {
    const trimmed = line.trim();
    if (trimmed === '') continue;
    index++;
    yield { kind: 'segment', text: trimmed, place: { kind: 'paragraph', part, index } };
  }
}

async function* extractDoc(input: FormatInput, ctx: FormatContext): AsyncGenerator<FormatEvent> {
  throwIfAborted(ctx.signal);
  const bytes = await input.bytes();
  const cfb = openOfficeCfb(bytes);
  try {
    checkFib(cfb);
  } catch (error) {
    if (error instanceof CfbFormatError) throw new ExtractionError('corrupt', `damaged Word stream: ${error.message}`, { cause: error });
    throw error;
  }
  for (const { field, value } of readSummaryAuthors(cfb)) yield { kind: 'metadata', field, value };

  const { default: WordExtractor } = await import('word-extractor');
  let doc: Awaited<ReturnType<InstanceType<typeof WordExtractor>['extract']>>;
  try {
    // word-extractor wants a Buffer; this one shares the input's memory, it only reads it.
    doc = await new WordExtractor().extract(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
  } catch (error) {
    throw new ExtractionError('corrupt', 'the Word document could not be parsed', { cause: error });
  }
  throwIfAborted(ctx.signal);
  const parts: Array<[string, () => string]> = [
    ['header', () => doc.getHeaders({ includeFooters: false })],
    ['footer', () => doc.getFooters()],
    ['body', () => doc.getBody()],
    ['textbox', () => doc.getTextboxes({ includeHeadersAndFooters: true, includeBody: true })],
    ['footnote', () => doc.getFootnotes()],
    ['endnote', () => doc.getEndnotes()],
    ['annotation', () => doc.getAnnotations()],
  ];
  for (const [part, read] of parts) {
    throwIfAborted(ctx.signal);
    yield* paragraphs(part, read());
  }
}

/**
 * Word 97-2003 (.doc) through word-extractor: body, headers, footers, text boxes, footnotes, endnotes
 * and comments (`{ kind: 'paragraph', part, index }`); the summary author fields as metadata.
 * Note: word-extractor is synchronous and slows down quadratically on very large documents; the
 * caller's per-file timeout (worker) is what bounds it.
 */
export const doc = defineFormat({
  meta: {
    id: 'doc',
    description: 'Word 97-2003 binary document (word-extractor)',
    extensions: EXTENSIONS,
    mediaTypes: ['application/msword'],
  },
  sniff: (input) => sniffOfficeCfb(input, EXTENSIONS, ['WordDocument']),
  extract: extractDoc,
});
