import { defineFormat } from '../format.js';
import { odfMetadata, odfSniffer, odfTextHandler, openOdf } from '../office/odf.js';
import { streamXmlEvents } from '../office/xml-stream.js';

/**
 * OpenDocument text (odt, ott): content.xml paragraphs (tables, frames, notes, tracked deletions,
 * comments), headers and footers from styles.xml, properties from meta.xml. Location: part +
 * paragraph number. A password-protected file is `encrypted`.
 */
export const odt = defineFormat({
  meta: {
    id: 'odt',
    description: 'OpenDocument text',
    extensions: ['.odt', '.ott'],
    mediaTypes: ['application/vnd.oasis.opendocument.text'],
  },
  sniff: odfSniffer('text'),
  async *extract(input, ctx) {
    const archive = await openOdf(input, ctx);
    try {
      yield* streamXmlEvents(await archive.openEntry('content.xml'), odfTextHandler('content.xml'), ctx.signal);
      if (archive.has('styles.xml')) yield* streamXmlEvents(await archive.openEntry('styles.xml'), odfTextHandler('styles.xml'), ctx.signal);
      yield* odfMetadata(archive);
    } finally {
      archive.close();
    }
  },
});
