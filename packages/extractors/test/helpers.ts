import { Readable } from 'node:stream';
import { extract, ExtractionError, type ExtractEvent, type ExtractOptions, type Segment } from '../src/index.js';

/** Extracts in-memory bytes under a name; collects segments, problems and the thrown reason. */
export async function extractBytes(
  name: string,
  bytes: Buffer | string,
  options: ExtractOptions = {},
): Promise<{ format: string | null; encoding?: string; segments: Segment[]; problems: Extract<ExtractEvent, { kind: 'problem' }>['problem'][]; error: string | null }> {
  const data = typeof bytes === 'string' ? Buffer.from(bytes, 'utf8') : bytes;
  const out: Awaited<ReturnType<typeof extractBytes>> = { format: null, segments: [], problems: [], error: null };
  try {
    const extraction = await extract({ name, size: data.length, open: () => Readable.from([data]) }, options);
    out.format = extraction.format;
    if (extraction.encoding !== undefined) out.encoding = extraction.encoding;
    for await (const e of extraction.events) {
      if (e.kind === 'segment') out.segments.push(e.segment);
      else out.problems.push(e.problem);
    }
  } catch (err) {
    if (!(err instanceof ExtractionError)) throw err;
    out.error = err.reason;
  }
  return out;
}
