import { identify, mislabelledExtension } from './dispatch/identify.js';
import { createFormatInput } from './dispatch/input.js';
import { convertInMemory, runFormat, toExtractionError, type RunState } from './dispatch/run.js';
import { Deadline } from './deadline.js';
import { ExtractionError } from './errors.js';
import type { Format, FormatContext, FormatEvent, FormatInput } from './format.js';
import { FORMATS } from './formats/index.js';
import { resolveLimits } from './limits.js';
import type { ExtractEvent, ExtractInput, Extraction, ExtractOptions } from './types.js';

/** The registered format modules, in sniffing order. */
export function registeredFormats(): readonly Format[] {
  return FORMATS;
}

/**
 * Opens a file for extraction: identifies its format from its content (magic bytes, zip entry names —
 * never the name alone), and returns the format id and the lazily produced events.
 *
 * Containers (zip, and documents with embedded files) are read recursively; each member's segments
 * carry its path chain in `member`. Problems with one member are `problem` events and the rest is
 * still read; a failure of the file itself is thrown as `ExtractionError` — by this call (format
 * unknown, `too-large`) or by the event iterator (`corrupt`, `encrypted`, `timeout`, …).
 *
 * Limits (`options.limits`, defaults in `DEFAULT_LIMITS`) apply to the whole file with its members.
 */
export async function extract(input: ExtractInput, options: ExtractOptions = {}): Promise<Extraction> {
  const limits = resolveLimits(options.limits);
  if (input.size > limits.maxFileBytes) {
    throw new ExtractionError('too-large', `file is ${input.size} bytes; the file size limit is ${limits.maxFileBytes} bytes`);
  }
  const deadline = new Deadline(limits.timeoutMs, options.signal);
  const ctx: FormatContext = {
    limits,
    // Created on first use (a stream, a format's own check): most small in-memory files never need one.
    get signal() {
      return deadline.signal;
    },
    ...(options.textForms !== undefined && options.textForms.length > 0 ? { textForms: options.textForms } : {}),
  };
  const formatInput = await createFormatInput(input, ctx);
  const format = await identify(formatInput, FORMATS);
  if (format === null) throw new ExtractionError('binary', 'binary content of no supported format');
  const ext = mislabelledExtension(input.name, format, FORMATS);
  const mislabelled: ExtractEvent | null =
    ext === null
      ? null
      : { kind: 'problem', problem: { level: 'warning', reason: 'mislabelled', message: `named ${ext} but the content is ${format.meta.id}`, member: [] } };
  const encoding = format.encodingOf?.(formatInput);
  const described = {
    format: format.meta.id,
    ...(encoding !== undefined ? { encoding } : {}),
    ...(ext !== null ? { mislabelled: { extension: ext } } : {}),
  };

  const produced =
    formatInput.inMemory !== undefined && format.extractInMemory !== undefined
      ? format.extractInMemory(formatInput as FormatInput & { readonly inMemory: Uint8Array }, ctx)
      : null;
  if (produced !== null) {
    const sync = inMemoryEvents(produced, mislabelled, deadline);
    return { ...described, events: asAsync(sync), syncEvents: sync };
  }

  const state: RunState = { ctx, deadline, registry: FORMATS, members: 0, totalBytes: 0, memberLimitReported: false, deepest: 0,
    ...(options.memberCache !== undefined ? { memberCache: options.memberCache } : {}),
  };
  // One flat generator over the batches: a stalled read is ended by the signal every input stream
  // carries, so checking it between events is enough.
  async function* events(): AsyncGenerator<ExtractEvent> {
    if (mislabelled !== null) yield mislabelled;
    try {
      for await (const batch of runFormat(format!, formatInput, [], state)) {
        for (const event of batch) {
          if (deadline.expired) throw deadline.timeoutError();
          yield event;
        }
      }
    } catch (err) {
      const error = toExtractionError(err, deadline.expired);
      // A format's own abort message ("PDF extraction was aborted") does not say which limit ended it.
      throw error.reason === 'timeout' && deadline.passed ? deadline.timeoutError(error) : error;
    }
  }

  return { ...described, events: events() };
}

/** The events of a format's in-memory extraction: what `events()` in {@link extract} gives, without waiting. */
function* inMemoryEvents(produced: Iterable<FormatEvent>, mislabelled: ExtractEvent | null, deadline: Deadline): Generator<ExtractEvent> {
  if (mislabelled !== null) yield mislabelled;
  try {
    for (const event of convertInMemory(produced, deadline)) {
      if (deadline.expired) throw new ExtractionError('timeout', 'extraction took longer than allowed');
      yield event;
    }
  } catch (err) {
    throw toExtractionError(err, deadline.expired);
  }
}

async function* asAsync<T>(events: Iterable<T>): AsyncGenerator<T> {
  yield* events;
}
