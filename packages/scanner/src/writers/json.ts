/**
 * The JSON report: one JSON document, the contract every feature extends.
 *
 * Schema: docs/report.schema.json (JSON Schema 2020-12), explained in docs/report-schema.md; the
 * TypeScript model is `ScanReport` in src/report.ts. `schemaVersion` is semver; the report only
 * grows (new properties, never renamed or removed ones), so consumers ignore what they do not know.
 *
 * ```
 * { "schemaVersion": "1.0.0", "tool": { "name", "version" },
 *   "files": [ { "root", "path", "size", "modified", "format", "encoding"?, "status", "error",
 *                "warnings"?, "findings": [ { "type", "confidence", "score", "masked", "fingerprint",
 *                                             "testNumber", "value"? (only with --reveal),
 *                                             "location": { "line", "column", "member", … } } ] } ],
 *   "scan": { "roots", "startedAt", "finishedAt", "options" },
 *   "summary": { "files", "filesWithFindings", "errors", "skipped", "findingsByType", … } }
 * ```
 *
 * Streamed: the header first, then one file object at a time, then `scan` (which needs `finishedAt`)
 * and `summary`. The key order differs from `ScanReport`'s declaration; JSON objects are unordered.
 */
import { packedFindingsOf } from '../packed-findings.js';
import type { FileReport } from '../report.js';
import { defineWriter } from './writer.js';
import { ChunkBuffer, writeChunk } from './stream.js';

/** Buffered report text (characters or bytes) written in one go. */
const FLUSH_SIZE = 256 * 1024;

export default defineWriter({
  meta: { id: 'json', extension: '.json', description: 'The JSON report (docs/report.schema.json), streamed' },
  create: ({ out }) => {
  let scan: Record<string, unknown> = {};
  let count = 0;
  const pending = new ChunkBuffer();
  return {
    // The scan's workers serialise the findings; this thread splices their JSON into the file's.
    packedFindings: { json: true },
    async begin(header) {
      scan = { ...header.scan };
      await writeChunk(
        out,
        `{"schemaVersion":${JSON.stringify(header.schemaVersion)},"tool":${JSON.stringify(header.tool)},"files":[`,
      );
    },
    file(file) {
      // File objects are gathered into ~256 KB writes: one stream write per file costs more than
      // the rest of an unchanged rescan's per-file work (so does a promise per file: none until then).
      pending.add(count++ === 0 ? '\n' : ',\n');
      const packed = packedFindingsOf(file);
      if (packed?.json) addPacked(pending, file, packed.json);
      else pending.add(JSON.stringify(file));
      return pending.size >= FLUSH_SIZE ? writeChunk(out, pending.take()) : undefined;
    },
    async end(footer) {
      const { roots, startedAt, options, ...rest } = scan;
      const finished = { roots, startedAt, finishedAt: footer.finishedAt, options, ...rest };
      pending.add(`\n],"scan":${JSON.stringify(finished)},"summary":${JSON.stringify(footer.summary)}}\n`);
      await writeChunk(out, pending.take());
    },
  };
},
});

/** Adds `JSON.stringify(file)`, with the packed findings' JSON in place of serialising `file.findings` again. */
function addPacked(pending: ChunkBuffer, file: FileReport, json: Uint8Array): void {
  let separator = '{';
  for (const key of Object.keys(file)) {
    if (key === 'findings') {
      pending.add(`${separator}"findings":`);
      pending.add(json);
    } else {
      const value = JSON.stringify((file as unknown as Record<string, unknown>)[key]);
      // JSON.stringify leaves out properties it cannot represent (undefined, functions).
      if (value === undefined) continue;
      pending.add(`${separator}${JSON.stringify(key)}:${value}`);
    }
    separator = ',';
  }
  pending.add(separator === '{' ? '{}' : '}');
}
