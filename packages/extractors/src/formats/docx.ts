import { posix } from 'node:path';
import { ExtractionError } from '../errors.js';
import { defineFormat } from '../format.js';
import { embeddedEntries, mainPart, ooxmlProperties } from '../office/ooxml.js';
import { wordprocessingHandler } from '../office/wordml.js';
import { streamXmlEvents } from '../office/xml-stream.js';
import { looksLikeZip, ZipArchive } from '../office/zip-archive.js';

/** Story parts besides the main document, relative to its folder. */
const STORY_PART = /^(?:header\d*|footer\d*|footnotes|endnotes|comments|glossary\/document)\.xml$/;
/** Created on first use: making an ICU collator costs ~6 ms, which every scan worker paid at start-up. */
let numericCompare: ((a: string, b: string) => number) | undefined;
function byNumber(a: string, b: string): number {
  numericCompare ??= new Intl.Collator('en', { numeric: true }).compare;
  return numericCompare(a, b);
}

/**
 * Word documents (docx, docm, dotx, dotm): body with tables and text boxes, headers and footers,
 * footnotes, endnotes, comments, tracked changes and hidden text, streamed part by part (yauzl +
 * htmlparser2, never a DOM). Location: part + paragraph number. Document properties and revision
 * authors are metadata; embedded files (`word/embeddings/*`) are read as members.
 */
export const docx = defineFormat({
  meta: {
    id: 'docx',
    description: 'Word document (Office Open XML)',
    extensions: ['.docx', '.docm', '.dotx', '.dotm'],
    mediaTypes: ['application/vnd.openxmlformats-officedocument.wordprocessingml.document'],
  },
  sniff(input) {
    // No zip, no entry names: answered without a promise (most files).
    if (!looksLikeZip(input.head)) return false;
    return input.zipEntryNames().then((names) => names !== null && names.includes('[Content_Types].xml') && names.some((n) => n.startsWith('word/')));
  },
  async *extract(input, ctx) {
    const archive = await ZipArchive.open(input, ctx);
    try {
      const main = await mainPart(archive, 'word/document.xml');
      if (!archive.has(main)) throw new ExtractionError('corrupt', 'Word package without a main document part');
      const folder = `${posix.dirname(main)}/`;
      const stories = archive.entries
        .map((e) => e.name)
        .filter((n) => n.startsWith(folder) && STORY_PART.test(n.slice(folder.length)))
        .sort(byNumber);
      yield* streamXmlEvents(await archive.openEntry(main), wordprocessingHandler(main), ctx.signal);
      for (const part of stories) {
        try {
          yield* streamXmlEvents(await archive.openEntry(part), wordprocessingHandler(part), ctx.signal);
        } catch (err) {
          if (ctx.signal?.aborted || (err instanceof ExtractionError && err.reason !== 'corrupt')) throw err;
          // A warning: the file was read in part, and what was read still counts (a file-level error would drop it).
          yield { kind: 'problem', level: 'warning', reason: 'corrupt', message: `part ${part} could not be read: ${(err as Error).message}` };
        }
      }
      yield* ooxmlProperties(archive);
      yield* embeddedEntries(archive, `${folder}embeddings/`);
    } finally {
      archive.close();
    }
  },
});
