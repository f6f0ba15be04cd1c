import { defineFormat } from '../format.js';
import { odfMetadata, odfSniffer, odfSpreadsheetHandler, odfTextHandler, openOdf } from '../office/odf.js';
import { streamXmlEvents } from '../office/xml-stream.js';

/**
 * OpenDocument spreadsheets (ods, ots): every table (hidden ones too), cell by cell at `Sheet!B7` with
 * the column header; numbers from their raw value when the display hides digits. Page headers and
 * footers from styles.xml, properties from meta.xml. A password-protected file is `encrypted`.
 */
export const ods = defineFormat({
  meta: {
    id: 'ods',
    description: 'OpenDocument spreadsheet',
    extensions: ['.ods', '.ots'],
    mediaTypes: ['application/vnd.oasis.opendocument.spreadsheet'],
  },
  sniff: odfSniffer('spreadsheet'),
  async *extract(input, ctx) {
    const archive = await openOdf(input, ctx);
    try {
      yield* streamXmlEvents(await archive.openEntry('content.xml'), odfSpreadsheetHandler(), ctx.signal);
      if (archive.has('styles.xml')) yield* streamXmlEvents(await archive.openEntry('styles.xml'), odfTextHandler('styles.xml'), ctx.signal);
      yield* odfMetadata(archive);
    } finally {
      archive.close();
    }
  },
});
