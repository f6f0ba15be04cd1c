import type { FormatEvent } from '../format.js';
import type { XmlHandler } from './xml-stream.js';

interface OpenParagraph {
  readonly index: number;
  /** Text as it reads now: insertions in, deletions out. */
  current: string;
  /** Text before tracked changes: deletions in, insertions out. */
  original: string;
  changed: boolean;
  /** Whether the last text appended to each view was inside a revision. */
  currentInRevision: boolean;
  originalInRevision: boolean;
  /** Where the original view differs from the current one: deleted ranges and insertion points. */
  changes: [number, number][];
}

/** Characters of unchanged text kept on each side of a change in the `original` view. */
const CHANGE_CONTEXT = 24;

/**
 * The `original` view cut down to the changes with some context, widened to whole words: the
 * unchanged rest of the paragraph is already in the current view, so a number there is not reported
 * twice. Pieces are joined with ` … `.
 */
export function aroundChanges(text: string, changes: readonly (readonly [number, number])[]): string {
  const windows: [number, number][] = [];
  for (const [from, to] of changes) {
    let start = Math.max(0, from - CHANGE_CONTEXT);
    while (start > 0 && !/\s/.test(text[start - 1]!)) start--;
    let end = Math.min(text.length, to + CHANGE_CONTEXT);
    while (end < text.length && !/\s/.test(text[end]!)) end++;
    const last = windows[windows.length - 1];
    if (last && start <= last[1]) last[1] = Math.max(last[1], end);
    else windows.push([start, end]);
  }
  return windows.map(([a, b]) => text.slice(a, b).trim()).join(' … ');
}

const DIGIT = /\p{N}/u;
const LETTER = /\p{L}/u;

/**
 * Joins text across a revision boundary. A deleted paragraph that Word or LibreOffice stores as a
 * deletion run glued to the next paragraph ("…3076" + "Ny text") gets a space where a digit meets a
 * letter, so the number is still a word of its own; digits meeting digits ("850101-12" + "34", an
 * edited number) are joined as they are.
 */
function joinAcrossRevision(before: string, after: string): string {
  const a = before.at(-1);
  const b = after[0];
  if (a === undefined || b === undefined) return before + after;
  const junction = (DIGIT.test(a) && LETTER.test(b)) || (LETTER.test(a) && DIGIT.test(b));
  return junction ? `${before} ${after}` : before + after;
}

/** The `author` attribute of a revision or comment element, whatever its namespace prefix. */
function authorOf(attrs: Readonly<Record<string, string>>): string | undefined {
  for (const [key, value] of Object.entries(attrs)) if (key === 'author' || key.endsWith(':author')) return value;
  return undefined;
}

/**
 * Streaming handler for a WordprocessingML part (document, header, footer, footnotes, endnotes,
 * comments). Emits one segment per paragraph (`w:p`, also inside tables and text boxes) with the runs
 * joined, so `850101-` and `1234` in two runs are one number. Tracked changes: `w:ins` and `w:del`
 * (`w:delText`) are both personal data in the file, so a changed paragraph is emitted as it reads now
 * and, when different, as it read before (`revision: 'original'`: the changes with a few words of
 * context, so numbers in unchanged text are not reported twice). Hidden text (`w:vanish`) is
 * included like any text. `mc:Fallback` content is skipped: it duplicates `mc:Choice` (text boxes).
 * Revision and comment authors become metadata at the end of the part.
 */
export function wordprocessingHandler(part: string): XmlHandler<FormatEvent> {
  const stack: OpenParagraph[] = [];
  const authors = new Set<string>();
  const commentAuthors = new Set<string>();
  let counter = 0;
  let inText = 0;
  let deleted = 0;
  let inserted = 0;
  let skipDepth = 0;
  const append = (s: string) => {
    const top = stack[stack.length - 1];
    if (!top) return;
    if (deleted === 0) {
      const inRevision = inserted > 0;
      top.current = inRevision !== top.currentInRevision ? joinAcrossRevision(top.current, s) : top.current + s;
      top.currentInRevision = inRevision;
    }
    if (inserted === 0) {
      const inRevision = deleted > 0;
      top.original = inRevision !== top.originalInRevision ? joinAcrossRevision(top.original, s) : top.original + s;
      top.originalInRevision = inRevision;
      if (inRevision) top.changes.push([top.original.length - s.length, top.original.length]);
    } else if (deleted === 0) {
      top.changes.push([top.original.length, top.original.length]); // inserted here
    }
    if (deleted > 0 || inserted > 0) top.changed = true;
  };
  return {
    open(name, attrs) {
      if (skipDepth > 0 || name === 'Fallback') {
        skipDepth++;
        return;
      }
      switch (name) {
        case 'p':
          stack.push({ index: ++counter, current: '', original: '', changed: false, currentInRevision: false, originalInRevision: false, changes: [] });
          break;
        case 't':
        case 'delText':
          inText++;
          break;
        case 'tab':
        case 'ptab':
          if (inText === 0) append('\t');
          break;
        case 'br':
        case 'cr':
          append('\n');
          break;
        case 'noBreakHyphen':
          append('-');
          break;
        case 'del':
        case 'moveFrom': {
          deleted++;
          const author = authorOf(attrs);
          if (author) authors.add(author);
          break;
        }
        case 'ins':
        case 'moveTo': {
          inserted++;
          const author = authorOf(attrs);
          if (author) authors.add(author);
          break;
        }
        case 'comment': {
          const author = authorOf(attrs);
          if (author) commentAuthors.add(author);
          break;
        }
      }
    },
    text(t) {
      if (skipDepth === 0 && inText > 0) append(t);
    },
    close(name, emit) {
      if (skipDepth > 0) {
        skipDepth--;
        return;
      }
      switch (name) {
        case 't':
        case 'delText':
          inText = Math.max(0, inText - 1);
          break;
        case 'del':
        case 'moveFrom':
          deleted = Math.max(0, deleted - 1);
          break;
        case 'ins':
        case 'moveTo':
          inserted = Math.max(0, inserted - 1);
          break;
        case 'p': {
          const p = stack.pop();
          if (!p) break;
          if (p.current.trim() !== '') emit({ kind: 'segment', text: p.current, place: { kind: 'paragraph', part, index: p.index } });
          if (p.changed && p.original !== p.current && p.original.trim() !== '') {
            const text = aroundChanges(p.original, p.changes);
            if (text !== '') emit({ kind: 'segment', text, place: { kind: 'paragraph', part, index: p.index, revision: 'original' } });
          }
          break;
        }
      }
    },
    end(emit) {
      for (const a of authors) emit({ kind: 'metadata', field: 'revisionAuthor', value: a });
      for (const a of commentAuthors) emit({ kind: 'metadata', field: 'commentAuthor', value: a });
    },
  };
}
