import type { FormatEvent } from '../format.js';

/** Callbacks for a streaming XML pass. Element names are local names (namespace prefix removed). */
export interface XmlHandler<T> {
  open?(name: string, attrs: Readonly<Record<string, string>>, emit: (item: T) => void): void;
  text?(text: string, emit: (item: T) => void): void;
  close?(name: string, emit: (item: T) => void): void;
  /** Called once after the last byte. */
  end?(emit: (item: T) => void): void;
}

/** `w:p` → `p`. */
export function localName(qualified: string): string {
  const colon = qualified.indexOf(':');
  return colon < 0 ? qualified : qualified.slice(colon + 1);
}

/**
 * Streams XML bytes through htmlparser2 (xml mode, entities decoded) and yields what the handler emits
 * for each chunk as one array, so memory stays bounded for large parts (a 500 MB sheet is never held
 * whole). htmlparser2 is lenient: malformed XML gives partial text, not an error.
 */
export async function* streamXmlChunks<T>(
  source: AsyncIterable<Uint8Array | string> | Iterable<string>,
  handler: XmlHandler<T>,
  signal?: AbortSignal,
): AsyncGenerator<T[]> {
  // Loaded on first use: CLI start-up (e.g. a pre-commit `gallra ci --staged`) must not pay for it.
  const { Parser } = await import('htmlparser2');
  let queue: T[] = [];
  const emit = (item: T) => void queue.push(item);
  const parser = new Parser(
    {
      ...(handler.open ? { onopentag: (name: string, attrs: Record<string, string>) => handler.open!(localName(name), attrs, emit) } : {}),
      ...(handler.text ? { ontext: (text: string) => handler.text!(text, emit) } : {}),
      ...(handler.close ? { onclosetag: (name: string) => handler.close!(localName(name), emit) } : {}),
    },
    { xmlMode: true, decodeEntities: true },
  );
  const decoder = new TextDecoder('utf-8');
  for await (const chunk of source) {
    signal?.throwIfAborted();
    parser.write(typeof chunk === 'string' ? chunk : decoder.decode(chunk, { stream: true }));
    if (queue.length > 0) {
      const out = queue;
      queue = [];
      yield out;
    }
  }
  parser.write(decoder.decode());
  parser.end();
  handler.end?.(emit);
  if (queue.length > 0) yield queue;
}

/** {@link streamXmlChunks}, one item at a time. */
export async function* streamXml<T>(
  source: AsyncIterable<Uint8Array | string> | Iterable<string>,
  handler: XmlHandler<T>,
  signal?: AbortSignal,
): AsyncGenerator<T> {
  for await (const chunk of streamXmlChunks(source, handler, signal)) yield* chunk;
}

/** {@link streamXmlChunks} for format modules: one `batch` event per parsed chunk. */
export async function* streamXmlEvents(
  source: AsyncIterable<Uint8Array | string>,
  handler: XmlHandler<FormatEvent>,
  signal?: AbortSignal,
): AsyncGenerator<FormatEvent> {
  for await (const events of streamXmlChunks(source, handler, signal)) yield { kind: 'batch', events };
}

/** Reads a whole small XML document and returns what the handler emits. */
export async function collectXml<T>(xml: string, handler: XmlHandler<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of streamXml([xml], handler)) out.push(item);
  return out;
}
