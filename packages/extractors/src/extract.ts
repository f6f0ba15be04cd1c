import { decodeText } from './decode-text.js';
import { ExtractionError } from './errors.js';
import { resolveLimits } from './limits.js';
import type { ExtractEvent, ExtractInput, Extraction, ExtractOptions } from './types.js';

async function readAll(input: ExtractInput, maxBytes: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let total = 0;
  for await (const chunk of input.open()) {
    const buf = chunk as Buffer;
    total += buf.length;
    if (total > maxBytes) throw new ExtractionError('too-large', `file is larger than ${maxBytes} bytes`);
    chunks.push(buf);
  }
  return Buffer.concat(chunks, total);
}

/**
 * Opens a file for extraction: identifies its format from content and returns the segment events.
 * Scaffold: plain text only; document formats are added per format module.
 */
export async function extract(input: ExtractInput, options: ExtractOptions = {}): Promise<Extraction> {
  const limits = resolveLimits(options.limits);
  if (input.size > limits.maxFileBytes) {
    throw new ExtractionError('too-large', `file is ${input.size} bytes; the limit is ${limits.maxFileBytes}`);
  }
  const bytes = await readAll(input, limits.maxFileBytes);
  const decoded = decodeText(bytes);
  if (decoded === null) throw new ExtractionError('binary', 'binary content');
  async function* events(): AsyncGenerator<ExtractEvent> {
    yield { kind: 'segment', segment: { text: decoded!.text, place: { kind: 'text', line: 1 }, member: [] } };
  }
  return { format: 'text', encoding: decoded.encoding, events: events() };
}
