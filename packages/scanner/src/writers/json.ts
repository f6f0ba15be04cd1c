import type { WriterFactory } from './index.js';
import { writeChunk } from './stream.js';

/**
 * The JSON report (docs/report.schema.json), streamed: the header fields first, then one file object
 * at a time, then `scan` (with `finishedAt`) and `summary`. Key order differs from `ScanReport`'s
 * declaration, which JSON does not care about; the output is one valid JSON document.
 */
export const createJsonWriter: WriterFactory = ({ out }) => {
  let scan: Record<string, unknown> = {};
  let count = 0;
  return {
    async begin(header) {
      scan = { ...header.scan };
      await writeChunk(
        out,
        `{"schemaVersion":${JSON.stringify(header.schemaVersion)},"tool":${JSON.stringify(header.tool)},"files":[`,
      );
    },
    async file(file) {
      await writeChunk(out, `${count++ === 0 ? '\n' : ',\n'}${JSON.stringify(file)}`);
    },
    async end(footer) {
      const { roots, startedAt, options, ...rest } = scan;
      const finished = { roots, startedAt, finishedAt: footer.finishedAt, options, ...rest };
      await writeChunk(out, `\n],"scan":${JSON.stringify(finished)},"summary":${JSON.stringify(footer.summary)}}\n`);
    },
  };
};
