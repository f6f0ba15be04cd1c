import { TextDecoder } from 'node:util';
import { ExtractionError } from '../errors.js';
import { defineFormat, type FormatEvent } from '../format.js';
import { cp1252Char } from './cp1252.js';

/**
 * RTF: a small tokenizer, not a renderer. Text is reported per paragraph of each part (`body`,
 * `header`, `footer`, `footnote`, `endnote`, `annotation`, `textbox`); a table row counts as one
 * paragraph with its cells separated by tabs. Ignorable destinations (`{\*\…}`), pictures, font,
 * colour and style tables are skipped; `\info` yields the author fields as metadata.
 */

const RTF_MAGIC = '{\\rtf';

/** Where text inside a group goes. `skip` drops it; `meta:*` collects a metadata value. */
type Sink =
  | { readonly kind: 'part'; readonly part: string }
  | { readonly kind: 'skip' }
  /** Inside `\info`: text is dropped, but author field groups are read. */
  | { readonly kind: 'info' }
  | { readonly kind: 'meta'; readonly field: string };

interface GroupState {
  sink: Sink;
  /** Characters to skip after `\uN` (`\ucN`, group-scoped). */
  uc: number;
}

const SKIP: Sink = { kind: 'skip' };
const INFO: Sink = { kind: 'info' };

/** Destinations whose content is never document text. */
const SKIPPED_DESTINATIONS = new Set([
  'fonttbl', 'colortbl', 'stylesheet', 'listtable', 'listoverridetable', 'revtbl', 'rsidtbl', 'pict', 'themedata',
  'colorschememapping', 'datastore', 'latentstyles', 'xmlnstbl', 'generator', 'filetbl', 'fldinst', 'objdata',
  'sp', 'pgdsctbl', 'mmathPr', 'bkmkstart', 'bkmkend', 'nonshppict', 'blipuid', 'ftnsep', 'ftnsepc', 'aftnsep', 'aftnsepc',
  'template', 'docvar', 'private', 'passwordhash', 'wgrffmtfilter', 'pn', 'listtext', 'atnid', 'atnauthor', 'atndate', 'atnref',
  'atrfstart', 'atrfend', 'shprslt',
]);

/** Destinations that hold document text, and the part they report it as. */
const TEXT_DESTINATIONS: Record<string, string> = {
  header: 'header', headerl: 'header', headerr: 'header', headerf: 'header',
  footer: 'footer', footerl: 'footer', footerr: 'footer', footerf: 'footer',
  footnote: 'footnote',
  annotation: 'annotation',
  shptxt: 'textbox',
};

/** Starred destinations that are containers for text destinations: read into, not skipped. */
const TRANSPARENT_STARRED = new Set(['shpinst', 'shptxt', 'footnote', 'annotation', 'fldrslt']);

const INFO_FIELDS: Record<string, string> = { author: 'author', operator: 'lastModifiedBy' };

/** Plain-text equivalents of symbol control words. */
const SYMBOLS: Record<string, string> = {
  tab: '\t', cell: '\t', nestcell: '\t', line: '\n', emdash: '\u2014', endash: '\u2013', emspace: '\u2003',
  enspace: '\u2002', qmspace: '\u2005', bullet: '\u2022', lquote: '\u2018', rquote: '\u2019', ldblquote: '\u201c',
  rdblquote: '\u201d', zwj: '\u200d', zwnj: '\u200c',
};
/** Control words that end a paragraph (`\row` ends a table row, which counts as one paragraph). */
const PARAGRAPH_ENDS = new Set(['par', 'sect', 'page', 'row', 'nestrow']);

/** Decodes one byte of the document's ANSI code page. */
function byteDecoder(codePage: number): (byte: number) => string {
  if (codePage === 1252 || codePage === 0) {
    return cp1252Char;
  }
  let decoder: TextDecoder;
  try {
    decoder = new TextDecoder(`windows-${codePage}`);
  } catch {
    decoder = new TextDecoder('latin1');
  }
  return (b) => decoder.decode(Uint8Array.of(b));
}

/** One output of the tokenizer. */
export type RtfEvent =
  | { readonly kind: 'paragraph'; readonly part: string; readonly index: number; readonly text: string }
  | { readonly kind: 'metadata'; readonly field: string; readonly value: string }
  | { readonly kind: 'unbalanced'; readonly openGroups: number };

/** Tokenizes RTF (given as a latin1 string: RTF is 7-bit with escapes) into paragraphs and metadata. */
export function* parseRtf(source: string): Generator<RtfEvent> {
  let decodeByte = byteDecoder(1252);
  const paragraphBuffers = new Map<string, string>();
  const paragraphCounts = new Map<string, number>();
  const metaBuffers = new Map<string, string>();
  const stack: GroupState[] = [];
  let state: GroupState = { sink: { kind: 'part', part: 'body' }, uc: 1 };
  /** Characters still to skip after a `\uN`. */
  let pendingSkip = 0;
  /** Set by `\*`: the next control word's destination is ignorable. */
  let starred = false;
  /** True right after `{`: a control word here names the group's destination. */
  let groupStart = false;

  function emit(text: string): void {
    if (pendingSkip > 0) {
      pendingSkip--;
      return;
    }
    const sink = state.sink;
    if (sink.kind === 'part') paragraphBuffers.set(sink.part, (paragraphBuffers.get(sink.part) ?? '') + text);
    else if (sink.kind === 'meta') metaBuffers.set(sink.field, (metaBuffers.get(sink.field) ?? '') + text);
  }
  function* endParagraph(part: string): Generator<RtfEvent> {
    const text = (paragraphBuffers.get(part) ?? '').replace(/[\t ]+$/u, '').replace(/^[\t ]+/u, '');
    paragraphBuffers.set(part, '');
    if (text === '') return;
    const index = (paragraphCounts.get(part) ?? 0) + 1;
    paragraphCounts.set(part, index);
    yield { kind: 'paragraph', part, index, text };
  }
  function* endGroup(closed: GroupState, parent: GroupState): Generator<RtfEvent> {
    if (closed.sink.kind === 'part' && (parent.sink.kind !== 'part' || parent.sink.part !== closed.sink.part)) {
      yield* endParagraph(closed.sink.part);
    } else if (closed.sink.kind === 'meta' && parent.sink !== closed.sink) {
      const value = (metaBuffers.get(closed.sink.field) ?? '').trim();
      metaBuffers.delete(closed.sink.field);
      if (value !== '') yield { kind: 'metadata', field: closed.sink.field, value };
    }
  }

  const length = source.length;
  let i = 0;
  while (i < length) {
    const c = source[i]!;
    if (c === '{') {
      stack.push(state);
      state = { ...state };
      groupStart = true;
      starred = false;
      i++;
      continue;
    }
    if (c === '}') {
      const parent = stack.pop();
      if (parent === undefined) {
        i++;
        continue; // A stray closing brace: ignore it rather than fail.
      }
      yield* endGroup(state, parent);
      state = parent;
      groupStart = false;
      starred = false;
      i++;
      continue;
    }
    if (c === '\r' || c === '\n') {
      i++;
      continue;
    }
    if (c !== '\\') {
      let j = i;
      while (j < length && source[j] !== '\\' && source[j] !== '{' && source[j] !== '}' && source[j] !== '\r' && source[j] !== '\n') j++;
      let chunk = source.slice(i, j);
      if (pendingSkip > 0) {
        const skipped = Math.min(pendingSkip, chunk.length);
        chunk = chunk.slice(skipped);
        pendingSkip -= skipped;
      }
      if (chunk !== '' && state.sink.kind !== 'skip') {
        // Raw bytes above 0x7F are code-page characters too.
        emit(/[\x80-\xff]/.test(chunk) ? [...chunk].map((ch) => decodeByte(ch.charCodeAt(0))).join('') : chunk);
      }
      groupStart = false;
      i = j;
      continue;
    }
    // A backslash: control symbol or control word.
    const next = source[i + 1];
    if (next === undefined) break;
    if (!/[a-zA-Z]/.test(next)) {
      i += 2;
      if (next === "'") {
        const hex = source.slice(i, i + 2);
        i += 2;
        const byte = Number.parseInt(hex, 16);
        if (!Number.isNaN(byte) && state.sink.kind !== 'skip') emit(decodeByte(byte));
        else if (pendingSkip > 0) pendingSkip--;
      } else if (next === '*') {
        starred = true;
        continue; // keeps `groupStart`: `{\*\dest` names the group's destination
      } else if (next === '~') {
        emit('\u00a0');
      } else if (next === '_') {
        emit('-'); // non-breaking hyphen
      } else if (next === '\\' || next === '{' || next === '}') {
        emit(next);
      } else if (next === '\r' || next === '\n') {
        if (state.sink.kind === 'part') yield* endParagraph(state.sink.part);
      }
      // `\-` (optional hyphen), `\|`, `\:` produce nothing.
      groupStart = false;
      continue;
    }
    let j = i + 1;
    while (j < length && /[a-zA-Z]/.test(source[j]!)) j++;
    const word = source.slice(i + 1, j);
    let param: number | undefined;
    const numStart = j;
    if (source[j] === '-') j++;
    while (j < length && source[j]! >= '0' && source[j]! <= '9') j++;
    if (j > numStart && !(j === numStart + 1 && source[numStart] === '-')) param = Number(source.slice(numStart, j));
    else j = numStart;
    if (source[j] === ' ') j++; // the delimiting space belongs to the control word
    i = j;

    const wasGroupStart = groupStart;
    const wasStarred = starred;
    groupStart = false;
    starred = false;

    if (word === 'bin' && param !== undefined) {
      i += Math.max(0, param); // raw binary data
      continue;
    }
    if (state.sink.kind === 'skip') continue;

    if (wasGroupStart) {
      if (state.sink.kind === 'info') {
        const field = INFO_FIELDS[word];
        state.sink = field !== undefined ? { kind: 'meta', field } : SKIP;
        continue;
      }
      if (word === 'info') {
        state.sink = INFO;
        continue;
      }
      const part = TEXT_DESTINATIONS[word];
      if (part !== undefined) {
        state.sink = { kind: 'part', part };
        continue;
      }
      if (SKIPPED_DESTINATIONS.has(word) || (wasStarred && !TRANSPARENT_STARRED.has(word))) {
        state.sink = SKIP;
        continue;
      }
    }
    if (word === 'ftnalt' && state.sink.kind === 'part' && state.sink.part === 'footnote') {
      state.sink = { kind: 'part', part: 'endnote' };
      continue;
    }
    if (word === 'u' && param !== undefined) {
      emit(String.fromCharCode(param < 0 ? param + 65536 : param));
      pendingSkip = state.uc;
      continue;
    }
    if (word === 'uc' && param !== undefined) {
      state.uc = Math.max(0, param);
      continue;
    }
    if (word === 'ansicpg' && param !== undefined) {
      decodeByte = byteDecoder(param);
      continue;
    }
    if (PARAGRAPH_ENDS.has(word)) {
      if (state.sink.kind === 'part') yield* endParagraph(state.sink.part);
      continue;
    }
    const symbol = SYMBOLS[word];
    if (symbol !== undefined) emit(symbol);
    // Every other control word is formatting.
  }
  // Flush what is left, innermost group first (a truncated file ends inside groups).
  const open = stack.length;
  while (stack.length > 0) {
    const parent = stack.pop()!;
    yield* endGroup(state, parent);
    state = parent;
  }
  if (state.sink.kind === 'part') yield* endParagraph(state.sink.part);
  if (open > 0) yield { kind: 'unbalanced', openGroups: open };
}

/** True when the content starts with `{\rtf` (after an optional BOM or whitespace). */
export function hasRtfHeader(head: Uint8Array): boolean {
  let i = 0;
  if (head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) i = 3;
  while (i < head.length && (head[i] === 0x20 || head[i] === 0x09 || head[i] === 0x0d || head[i] === 0x0a)) i++;
  for (let j = 0; j < RTF_MAGIC.length; j++) if (head[i + j] !== RTF_MAGIC.charCodeAt(j)) return false;
  return true;
}

/** Rich Text Format. */
export const rtf = defineFormat({
  meta: {
    id: 'rtf',
    description: 'Rich Text Format, read by a small tokenizer (paragraphs per part, \\info author as metadata)',
    extensions: ['.rtf'],
    mediaTypes: ['application/rtf', 'text/rtf'],
  },
  sniff: (input) => hasRtfHeader(input.head),
  async *extract(input, ctx): AsyncGenerator<FormatEvent> {
    const bytes = await input.bytes();
    if (!hasRtfHeader(bytes.subarray(0, 64))) throw new ExtractionError('corrupt', 'the file does not start with {\\rtf');
    const source = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1');
    let count = 0;
    const seenMetadata = new Set<string>();
    for (const event of parseRtf(source)) {
      if (++count % 256 === 0 && ctx.signal?.aborted) {
        throw new ExtractionError('timeout', 'RTF extraction was aborted', { cause: ctx.signal.reason });
      }
      if (event.kind === 'paragraph') {
        yield { kind: 'segment', text: event.text, place: { kind: 'paragraph', part: event.part, index: event.index } };
      } else if (event.kind === 'metadata') {
        // Writers repeat \author (LibreOffice writes it twice); report each value once.
        const key = `${event.field}\u0000${event.value}`;
        if (seenMetadata.has(key)) continue;
        seenMetadata.add(key);
        yield { kind: 'metadata', field: event.field, value: event.value };
      } else {
        yield {
          kind: 'problem',
          level: 'warning',
          reason: 'corrupt',
          message: `the RTF ends inside ${event.openGroups} open groups (truncated?); the text before the end was read`,
        };
      }
    }
  },
});
