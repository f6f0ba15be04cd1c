import { addAbortSignal, Readable, Transform } from 'node:stream';
import { ExtractionError } from '../errors.js';
import type { Deadline } from '../deadline.js';
import type { Format, FormatContext, FormatEvent } from '../format.js';
import type { ExtractEvent, ExtractionProblem, ExtractionReason } from '../types.js';
import { identify, mislabelledExtension } from './identify.js';
import { createFormatInput, readAll } from './input.js';
import { eventCost, rebase, type MemberCache, type RecordedMember } from './member-cache.js';

/** Per-file bookkeeping shared by the file and all its members. */
export interface RunState {
  readonly ctx: FormatContext;
  /** The per-file deadline behind `ctx.signal`; checking it does not create the signal. */
  readonly deadline: Deadline;
  readonly registry: readonly Format[];
  members: number;
  totalBytes: number;
  memberLimitReported: boolean;
  /** Content-addressed cache of members' events (`ExtractOptions.memberCache`). */
  readonly memberCache?: MemberCache;
  /** Length of the longest member chain opened so far (how deep a cached member's extraction went). */
  deepest: number;
}

/** Reasons that mean "nothing to read here" rather than a failure. */
const SKIP_REASONS: ReadonlySet<ExtractionReason> = new Set(['no-text-layer', 'binary', 'unsupported']);

/** Converts anything thrown by a format module into an `ExtractionError` with a reason code. */
export function toExtractionError(err: unknown, expired: boolean): ExtractionError {
  if (err instanceof ExtractionError) return err;
  if (expired) return new ExtractionError('timeout', 'extraction took longer than allowed', { cause: err });
  const message = err instanceof Error ? err.message : String(err);
  if (err instanceof RangeError && /allocation|memory|Invalid (string|array) length/i.test(message)) {
    return new ExtractionError('too-large', `content too large to decode: ${message}`, { cause: err });
  }
  return new ExtractionError('corrupt', message, { cause: err });
}

function problem(level: 'error' | 'warning', reason: ExtractionReason, message: string, member: readonly string[]): ExtractEvent {
  const p: ExtractionProblem = { level, reason, message, member };
  return { kind: 'problem', problem: p };
}

/** Fails a member stream that yields more bytes than allowed (declared sizes may lie outside zip). */
function capped(stream: Readable, maxBytes: number): Readable {
  let seen = 0;
  const guard = new Transform({
    transform(chunk: Buffer, _enc, done) {
      seen += chunk.length;
      if (seen > maxBytes) done(new ExtractionError('limits-exceeded', `member expands to more than the file size limit of ${maxBytes} bytes`));
      else done(null, chunk);
    },
  });
  stream.on('error', (err) => guard.destroy(err));
  guard.on('close', () => stream.destroy());
  return stream.pipe(guard);
}

/** Converts one non-container format event into public events (appended to `out`). */
function convert(event: FormatEvent, chain: readonly string[], out: ExtractEvent[]): void {
  switch (event.kind) {
    case 'segment':
      if (event.text.length > 0) {
        out.push({
          kind: 'segment',
          segment: event.form === undefined ? { text: event.text, place: event.place, member: chain } : { text: event.text, form: event.form, place: event.place, member: chain },
        });
      }
      break;
    case 'metadata':
      if (event.value.trim() !== '') {
        out.push({ kind: 'segment', segment: { text: event.value, place: { kind: 'metadata', field: event.field }, member: chain } });
      }
      break;
    case 'problem':
      out.push(problem(event.level, event.reason, event.message, event.member !== undefined ? [...chain, event.member] : chain));
      break;
    case 'batch':
    case 'entry':
      break; // handled by runFormat
  }
}

/**
 * {@link runFormat} for the events a format produced from content in memory (`Format.extractInMemory`),
 * synchronously and one by one: no container members, so no recursion and nothing to wait for.
 */
export function* convertInMemory(events: Iterable<FormatEvent>, deadline: Deadline): Generator<ExtractEvent> {
  const out: ExtractEvent[] = [];
  for (const event of events) {
    if (deadline.expired) throw new ExtractionError('timeout', 'extraction took longer than allowed');
    if (event.kind === 'batch') for (const inner of event.events) convertFlat(inner, out);
    else convertFlat(event, out);
    for (let i = 0; i < out.length; i++) yield out[i]!;
    out.length = 0;
  }
}

function convertFlat(event: FormatEvent, out: ExtractEvent[]): void {
  if (event.kind === 'entry') throw new TypeError('a format yielded a container member from extractInMemory');
  convert(event, [], out);
}

/**
 * Runs one format module over its input and turns its events into public events for `chain`, in
 * batches (the caller flattens them once): per-event async hops are what a million-cell sheet costs.
 */
export async function* runFormat(
  format: Format,
  input: Parameters<Format['extract']>[0],
  chain: readonly string[],
  state: RunState,
): AsyncGenerator<ExtractEvent[]> {
  const { deadline } = state;
  for await (const event of format.extract(input, state.ctx) as AsyncIterable<FormatEvent>) {
    if (deadline.expired) throw deadline.timeoutError();
    if (event.kind === 'entry') {
      yield* runMember(event, chain, state);
      continue;
    }
    const out: ExtractEvent[] = [];
    if (event.kind === 'batch') {
      if (event.unit === true && chain.length === 0) startUnit(state);
      for (const inner of event.events) {
        if (inner.kind === 'entry') {
          if (out.length > 0) yield out.splice(0);
          yield* runMember(inner, chain, state);
        } else convert(inner, chain, out);
      }
    } else convert(event, chain, out);
    if (out.length > 0) yield out;
  }
}

/**
 * A mailbox of 100,000 messages has more attachments than `maxMembers` allows one zip: its messages
 * are separate units (see the `unit` flag of a batch), each with the whole member allowance.
 */
function startUnit(state: RunState): void {
  state.members = 0;
  state.totalBytes = 0;
  state.memberLimitReported = false;
}

/** Identifies a container member and recurses into it, turning its failures into problem events. */
async function* runMember(
  entry: Extract<FormatEvent, { kind: 'entry' }>,
  chain: readonly string[],
  state: RunState,
): AsyncGenerator<ExtractEvent[]> {
  const { limits } = state.ctx;
  const member = [...chain, entry.name];
  if (state.members >= limits.maxMembers) {
    if (!state.memberLimitReported) {
      state.memberLimitReported = true;
      // A warning: what was read still counts (an error of the file itself would drop its findings).
      yield [problem('warning', 'limits-exceeded', `more than ${limits.maxMembers} members; the rest were not read`, chain)];
    }
    return;
  }
  state.members++;
  if (member.length > limits.maxDepth) {
    yield [problem('error', 'limits-exceeded', `nested deeper than the container depth limit of ${limits.maxDepth}`, member)];
    return;
  }
  if (entry.size > limits.maxFileBytes) {
    yield [problem('error', 'too-large', `member is ${entry.size} bytes; the file size limit is ${limits.maxFileBytes} bytes`, member)];
    return;
  }
  const compressed = entry.compressedSize;
  if (compressed !== undefined && entry.size > 1024 * 1024 && entry.size > limits.maxRatio * Math.max(compressed, 1)) {
    const ratio = Math.round(entry.size / Math.max(compressed, 1));
    yield [problem('error', 'limits-exceeded', `compression ratio ${ratio}:1 exceeds the ratio limit of ${limits.maxRatio}:1`, member)];
    return;
  }
  if (state.totalBytes + entry.size > limits.maxTotalBytes) {
    yield [problem('error', 'limits-exceeded', `members expand to more than the total size limit of ${limits.maxTotalBytes} bytes`, member)];
    return;
  }
  state.totalBytes += entry.size;
  if (state.deepest < member.length) state.deepest = member.length;
  const cache = state.memberCache;
  if (cache === undefined) {
    yield* extractMember(entry, member, state);
    return;
  }
  let bytes: Uint8Array | undefined = entry.bytes;
  if (bytes === undefined && entry.size <= cache.maxMemberBytes) {
    try {
      const stream = capped(entry.open(), limits.maxFileBytes);
      bytes = await readAll(state.ctx.signal ? addAbortSignal(state.ctx.signal, stream) : stream, limits.maxFileBytes);
    } catch (err) {
      const error = toExtractionError(err, state.deadline.expired);
      if (error.reason === 'timeout') throw error;
      yield [problem(SKIP_REASONS.has(error.reason) ? 'warning' : 'error', error.reason, error.message, member)];
      return;
    }
  }
  if (bytes === undefined || bytes.length > limits.maxFileBytes) {
    yield* extractMember(entry, member, state);
    return;
  }
  const held = bytes;
  // The format reads the held bytes through a stream, as it would read the member without a cache
  // (given as bytes, some formats produce other text forms): the events stay exactly the same.
  const source = { name: entry.name, size: entry.size, open: () => Readable.from([Buffer.from(held.buffer, held.byteOffset, held.byteLength)]) };
  const key = cache.keyOf(held, entry.name, limits, state.ctx.textForms);
  const recorded = cache.lookup(key);
  // A replay must cost what extracting costs: nested members count against the file's limits, and
  // when they would not fit, extracting for real reports the limit at the point it is reached.
  if (
    recorded !== undefined &&
    state.members + recorded.members <= limits.maxMembers &&
    state.totalBytes + recorded.totalBytes <= limits.maxTotalBytes &&
    member.length + recorded.depth <= limits.maxDepth
  ) {
    cache.count(true);
    state.members += recorded.members;
    state.totalBytes += recorded.totalBytes;
    state.deepest = Math.max(state.deepest, member.length + recorded.depth);
    if (recorded.events.length > 0) yield rebase(recorded, member);
    return;
  }
  cache.count(false);
  const before = { members: state.members, totalBytes: state.totalBytes, deepest: state.deepest };
  state.deepest = member.length;
  const events: ExtractEvent[] = [];
  let cost = 0;
  let keep = true;
  try {
    for await (const batch of extractMember(source, member, state)) {
      if (keep) {
        for (const event of batch) {
          cost += eventCost(event);
          // Limit problems depend on the rest of the file, not on these bytes: such a run is not kept.
          if (cost > cache.maxEntryBytes || (event.kind === 'problem' && event.problem.reason === 'limits-exceeded')) keep = false;
        }
        if (keep) for (const event of batch) events.push(event);
        else events.length = 0;
      }
      yield batch;
    }
    if (keep) {
      const entry: RecordedMember = {
        events,
        prefixLength: member.length,
        members: state.members - before.members,
        totalBytes: state.totalBytes - before.totalBytes,
        depth: state.deepest - member.length,
        cost,
      };
      cache.store(key, entry);
    }
  } finally {
    state.deepest = Math.max(before.deepest, state.deepest);
  }
}

/** Identifies a member and runs its format, turning its failures into problem events. */
async function* extractMember(
  entry: Pick<Extract<FormatEvent, { kind: 'entry' }>, 'name' | 'size' | 'open'>,
  member: readonly string[],
  state: RunState,
): AsyncGenerator<ExtractEvent[]> {
  const { limits } = state.ctx;
  try {
    const input = await createFormatInput(
      {
        name: entry.name,
        size: entry.size,
        open: () => capped(entry.open(), limits.maxFileBytes),
      },
      state.ctx,
    );
    const format = await identify(input, state.registry);
    if (format === null) {
      yield [problem('warning', 'binary', 'binary content of no supported format', member)];
      return;
    }
    const ext = mislabelledExtension(entry.name, format, state.registry);
    if (ext !== null) yield [problem('warning', 'mislabelled', `named ${ext} but the content is ${format.meta.id}`, member)];
    yield* runFormat(format, input, member, state);
  } catch (err) {
    const error = toExtractionError(err, state.deadline.expired);
    if (error.reason === 'timeout') throw error; // the deadline is per file: stop the whole file
    yield [problem(SKIP_REASONS.has(error.reason) ? 'warning' : 'error', error.reason, error.message, member)];
  }
}
