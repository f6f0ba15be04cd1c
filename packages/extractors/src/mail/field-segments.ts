import type { FormatEvent } from '../format.js';
import { cp1252Char } from '../formats/cp1252.js';

/** Target size of one body segment (UTF-16 code units); segments end at a line break. */
const CHUNK_CHARS = 256 * 1024;

const C1 = /[\u0080-\u009f]/g;

/**
 * Maps C1 control characters to the Windows-1252 characters they stand for. Node 20's
 * `TextDecoder('windows-1252')` (used by the MIME parser for `windows-1252` and `iso-8859-1` parts)
 * leaves 0x80–0x9F as C1 controls, which would turn an en dash between the parts of a personnummer
 * (`19640823–3234`) into U+0096 and hide the number. C1 controls are never meant as text in mail.
 */
export function repairC1(text: string): string {
  C1.lastIndex = 0;
  return C1.test(text) ? text.replace(C1, (c) => cp1252Char(c.charCodeAt(0))) : text;
}

/**
 * Segments for one field of message number `message`: short fields as one segment, long bodies in
 * pieces of about 256 K characters cut at line breaks, each with the field line it starts on.
 */
export function fieldSegments(message: number, field: string, text: string): FormatEvent[] {
  const clean = repairC1(text);
  if (clean.trim() === '') return [];
  const out: FormatEvent[] = [];
  let line = 1;
  let start = 0;
  while (start < clean.length) {
    let end = clean.length;
    if (end - start > CHUNK_CHARS) {
      const nl = clean.lastIndexOf('\n', start + CHUNK_CHARS - 1);
      // A body without line breaks (one huge line) is cut hard: a bounded segment matters more than one word.
      end = nl >= start ? nl + 1 : start + CHUNK_CHARS;
    }
    const text = clean.slice(start, end);
    out.push({ kind: 'segment', text, place: line === 1 ? { kind: 'mail', message, field } : { kind: 'mail', message, field, line } });
    for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) line++;
    start = end;
  }
  return out;
}
