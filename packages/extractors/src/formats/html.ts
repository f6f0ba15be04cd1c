import type { Parser } from 'htmlparser2';
import { decodeWindows1252, detectEncoding, StreamingTextDecoder } from '../decode-text.js';
import { defineFormat, type FormatEvent, type FormatInput } from '../format.js';
import { BLOCK_ELEMENTS, SKIPPED_ELEMENTS } from '../html-elements.js';

const SKIPPED = SKIPPED_ELEMENTS;
const BLOCKS = BLOCK_ELEMENTS;
/** `<meta name=…>` fields reported as document properties. */
const META_FIELDS = new Set(['author', 'description', 'keywords', 'creator', 'publisher']);

const HTML_START = /^\s*(?:<\?xml[^>]*>\s*)?(?:<!--[\s\S]*?-->\s*)*<(?:!doctype\s+html|html)[\s>]/i;
const HTML_TAGS = /<(?:head|body|title|meta|div|table|p|span|br)\b[^>]*>/gi;

function headText(input: FormatInput): string {
  const detected = detectEncoding(input.head);
  if (detected === null) return '';
  if (detected.encoding === 'windows-1252') return decodeWindows1252(input.head);
  return new StreamingTextDecoder(detected.encoding, detected.bomLength).write(input.head);
}

/** True for HTML documents: a doctype or `<html>` start, or several typical tags in the first 4 KB. */
export function looksLikeHtml(input: FormatInput): boolean {
  // Both patterns need a '<', which is byte 0x3C in every encoding we decode (UTF-8, windows-1252 and
  // either UTF-16): without one (a native search) there is no need to decode the head.
  if (!input.head.includes(0x3c)) return false;
  const text = headText(input);
  if (HTML_START.test(text)) return true;
  return /<body[\s>]/i.test(text) && (text.match(HTML_TAGS)?.length ?? 0) >= 3;
}

/**
 * HTML: tags, scripts and styles stripped, entities decoded, text in document order. One segment per
 * block (paragraph, cell, list item…) so inline markup (`<b>850101-</b>1234`) stays one word. Each
 * segment carries the source line where its text starts. `<meta name="author">` etc. are metadata.
 */
export const html = defineFormat({
  meta: { id: 'html', description: 'HTML and XHTML pages', extensions: ['.html', '.htm', '.xhtml'], mediaTypes: ['text/html'] },
  sniff: looksLikeHtml,
  encodingOf: (input) => detectEncoding(input.head)?.encoding,
  async *extract(input, ctx) {
    // Loaded on first use: CLI start-up (e.g. a pre-commit `gallra ci --staged`) must not pay for it.
    const { Parser } = await import('htmlparser2');
    const detected = detectEncoding(input.head) ?? { encoding: 'windows-1252' as const, bomLength: 0 };
    const decoder = new StreamingTextDecoder(detected.encoding, detected.bomLength);
    const out: FormatEvent[] = [];
    // Source text not yet line-counted, for mapping parser offsets to line numbers.
    let buf = '';
    let bufStart = 0;
    let cursor = 0;
    let cursorLine = 1;
    const lineAt = (index: number): number => {
      for (let i = cursor - bufStart; i < index - bufStart && i < buf.length; i++) if (buf.charCodeAt(i) === 10) cursorLine++;
      if (index > cursor) cursor = index;
      return cursorLine;
    };
    let skipDepth = 0;
    let block = '';
    let blockLine = 1;
    const flush = () => {
      if (block.trim() !== '') out.push({ kind: 'segment', text: block.trim(), place: { kind: 'text', line: blockLine } });
      block = '';
    };
    const parser: Parser = new Parser(
      {
        onopentag(name, attrs) {
          if (SKIPPED.has(name)) skipDepth++;
          else if (BLOCKS.has(name)) flush();
          if (name === 'meta' && attrs.name && META_FIELDS.has(attrs.name.toLowerCase()) && attrs.content) {
            out.push({ kind: 'metadata', field: attrs.name.toLowerCase(), value: attrs.content });
          }
          if (name === 'input' && attrs.value && attrs.type !== 'hidden') block += ` ${attrs.value} `;
        },
        ontext(text) {
          if (skipDepth > 0) return;
          if (block === '' || block.trim() === '') blockLine = lineAt(parser.startIndex + (text.length - text.trimStart().length));
          block += text.replace(/\u00a0/g, ' ');
        },
        onclosetag(name) {
          if (SKIPPED.has(name)) skipDepth = Math.max(0, skipDepth - 1);
          else if (BLOCKS.has(name)) flush();
        },
      },
      { decodeEntities: true, lowerCaseTags: true, lowerCaseAttributeNames: true },
    );
    const write = (text: string) => {
      buf = buf.slice(Math.max(0, cursor - bufStart)) + text;
      bufStart = Math.max(bufStart, cursor);
      parser.write(text);
    };
    for await (const chunk of input.open()) {
      ctx.signal?.throwIfAborted();
      write(decoder.write(chunk as Buffer));
      yield* out.splice(0);
    }
    write(decoder.write(new Uint8Array(0), true));
    parser.end();
    flush();
    yield* out.splice(0);
  },
});
