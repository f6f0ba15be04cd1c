import { defineFormat } from '../format.js';
import { odfMetadata, odfPresentationHandler, odfSniffer, odfTextHandler, openOdf } from '../office/odf.js';
import { streamXmlEvents } from '../office/xml-stream.js';

/**
 * OpenDocument presentations (odp, otp): text per slide (`draw:page`) and speaker notes, master-page
 * text from styles.xml, properties from meta.xml. A password-protected file is `encrypted`.
 */
export const odp = defineFormat({
  meta: {
    id: 'odp',
    description: 'OpenDocument presentation',
    extensions: ['.odp', '.otp'],
    mediaTypes: ['application/vnd.oasis.opendocument.presentation'],
  },
  sniff: odfSniffer('presentation'),
  async *extract(input, ctx) {
    const archive = await openOdf(input, ctx);
    try {
      yield* streamXmlEvents(await archive.openEntry('content.xml'), odfPresentationHandler(), ctx.signal);
      if (archive.has('styles.xml')) yield* streamXmlEvents(await archive.openEntry('styles.xml'), odfTextHandler('styles.xml'), ctx.signal);
      yield* odfMetadata(archive);
    } finally {
      archive.close();
    }
  },
});
