import { ExtractionError } from '../errors.js';
import { defineFormat, type FormatEvent } from '../format.js';
import { embeddedEntries, mainPart, ooxmlProperties, readRelationships } from '../office/ooxml.js';
import { collectXml, streamXmlEvents, type XmlHandler } from '../office/xml-stream.js';
import { looksLikeZip, ZipArchive } from '../office/zip-archive.js';
import type { Place } from '../types.js';

/**
 * DrawingML text (`a:p` paragraphs of `a:t` runs, `a:br` breaks) as one segment per paragraph, so a
 * number split over runs stays one word. Also reads comment text (`p:text`).
 */
function drawingTextHandler(place: Place): XmlHandler<FormatEvent> {
  let paragraph: string | null = null;
  let inText = 0;
  let comment: string | null = null;
  return {
    open(name) {
      if (name === 'p') paragraph = '';
      else if (name === 't') inText++;
      else if (name === 'br' && paragraph !== null) paragraph += '\n';
      else if (name === 'text') comment = '';
    },
    text(t) {
      if (inText > 0 && paragraph !== null) paragraph += t;
      else if (comment !== null) comment += t;
    },
    close(name, emit) {
      if (name === 't') inText = Math.max(0, inText - 1);
      else if (name === 'p') {
        if (paragraph !== null && paragraph.trim() !== '') emit({ kind: 'segment', text: paragraph, place });
        paragraph = null;
      } else if (name === 'text') {
        if (comment !== null && comment.trim() !== '') emit({ kind: 'segment', text: comment, place });
        comment = null;
      }
    },
  };
}

/**
 * PowerPoint presentations (pptx, pptm, potx, ppsx): slides in presentation order (`p:sldIdLst`, not
 * file names), their speaker notes and comments, document properties and embedded files. Location:
 * slide number, with `notes: true` for speaker notes.
 */
export const pptx = defineFormat({
  meta: {
    id: 'pptx',
    description: 'PowerPoint presentation (Office Open XML)',
    extensions: ['.pptx', '.pptm', '.potx', '.potm', '.ppsx', '.ppsm'],
    mediaTypes: ['application/vnd.openxmlformats-officedocument.presentationml.presentation'],
  },
  sniff(input) {
    // No zip, no entry names: answered without a promise (most files).
    if (!looksLikeZip(input.head)) return false;
    return input.zipEntryNames().then((names) => names !== null && names.includes('[Content_Types].xml') && names.some((n) => n.startsWith('ppt/')));
  },
  async *extract(input, ctx) {
    const archive = await ZipArchive.open(input, ctx);
    try {
      const presentation = await mainPart(archive, 'ppt/presentation.xml');
      if (!archive.has(presentation)) throw new ExtractionError('corrupt', 'PowerPoint package without a presentation part');
      const rels = new Map((await readRelationships(archive, presentation)).map((r) => [r.id, r]));
      const slides = (
        await collectXml<string>(await archive.readText(presentation), {
          open(name, attrs, emit) {
            if (name !== 'sldId') return;
            const id = Object.entries(attrs).find(([k]) => k === 'r:id' || k.endsWith(':id'))?.[1];
            const rel = id !== undefined ? rels.get(id) : undefined;
            if (rel && !rel.external && archive.has(rel.target)) emit(rel.target);
          },
        })
      );
      for (const [i, part] of slides.entries()) {
        const slide = i + 1;
        yield* streamXmlEvents(await archive.openEntry(part), drawingTextHandler({ kind: 'slide', slide }), ctx.signal);
        for (const rel of await readRelationships(archive, part)) {
          if (rel.external || !archive.has(rel.target)) continue;
          if (rel.type === 'notesSlide') {
            yield* streamXmlEvents(await archive.openEntry(rel.target), drawingTextHandler({ kind: 'slide', slide, notes: true }), ctx.signal);
          } else if (rel.type === 'comments' || rel.type === 'comment') {
            yield* streamXmlEvents(await archive.openEntry(rel.target), drawingTextHandler({ kind: 'slide', slide }), ctx.signal);
          }
        }
      }
      yield* ooxmlProperties(archive);
      yield* embeddedEntries(archive, 'ppt/embeddings/');
    } finally {
      archive.close();
    }
  },
});
