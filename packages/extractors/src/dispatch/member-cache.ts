import { createHash } from 'node:crypto';
import { extname } from 'node:path';
import type { ExtractEvent, ExtractLimits, TextForm } from '../types.js';

/** Settings of a {@link MemberCache}. */
export interface MemberCacheOptions {
  /**
   * Most bytes of extracted text the cache holds (segment text and problem messages, counted as two
   * bytes per UTF-16 code unit plus a small per-event overhead). Least recently used members are
   * dropped past it; a member whose events alone would take more than a quarter of it is not kept.
   * Default 32 MB.
   */
  readonly maxBytes?: number;
  /**
   * Largest member, in bytes, that is read into memory to be hashed when its container gives a stream
   * rather than bytes (zip members); larger members are extracted as without a cache. Default 16 MB.
   */
  readonly maxMemberBytes?: number;
}

/** Counters of a {@link MemberCache}, for benchmarks and tests. */
export interface MemberCacheStats {
  /** Members replayed from the cache. */
  readonly hits: number;
  /** Members hashed and extracted (then kept, when they fit). */
  readonly misses: number;
  /** Members held now. */
  readonly entries: number;
  /** Bytes held now (see {@link MemberCacheOptions.maxBytes}). */
  readonly bytes: number;
}

/** The events one member produced, with what reading it cost against the per-file limits. */
export interface RecordedMember {
  /** The events as produced, member chains included; `prefixLength` leading names are the member's own chain. */
  readonly events: readonly ExtractEvent[];
  readonly prefixLength: number;
  /** Members of the member (nested containers) that were counted against `maxMembers`. */
  readonly members: number;
  /** Bytes of nested members counted against `maxTotalBytes`. */
  readonly totalBytes: number;
  /** How many container levels below the member were opened. */
  readonly depth: number;
  readonly cost: number;
}

const EVENT_OVERHEAD = 64;
const DEFAULT_MAX_BYTES = 32 * 1024 * 1024;
const DEFAULT_MAX_MEMBER_BYTES = 16 * 1024 * 1024;

/** Approximate memory an event holds in the cache. */
export function eventCost(event: ExtractEvent): number {
  const text = event.kind === 'segment' ? event.segment.text : event.problem.message;
  return EVENT_OVERHEAD + 2 * text.length;
}

/**
 * Content-addressed cache of container members' events (see `ExtractOptions.memberCache`): a member
 * whose bytes were read before (the same PDF attached to 200 messages, the same docx in several zips)
 * is replayed instead of extracted again. Keys are the SHA-256 of the member's bytes with its name's
 * extension and the extraction settings, so different content or settings never share an entry.
 * Create one per process or worker and pass it to every `extract` call; it holds no file names.
 */
export class MemberCache {
  /** See {@link MemberCacheOptions.maxBytes}. */
  readonly maxBytes: number;
  /** See {@link MemberCacheOptions.maxMemberBytes}. */
  readonly maxMemberBytes: number;
  readonly #entries = new Map<string, RecordedMember>();
  #bytes = 0;
  #hits = 0;
  #misses = 0;

  constructor(options: MemberCacheOptions = {}) {
    this.maxBytes = options.maxBytes ?? DEFAULT_MAX_BYTES;
    this.maxMemberBytes = options.maxMemberBytes ?? DEFAULT_MAX_MEMBER_BYTES;
  }

  /** Largest entry kept: one member must not push every other out. */
  get maxEntryBytes(): number {
    return Math.floor(this.maxBytes / 4);
  }

  stats(): MemberCacheStats {
    return { hits: this.#hits, misses: this.#misses, entries: this.#entries.size, bytes: this.#bytes };
  }

  /** Drops every entry (counters stay). */
  clear(): void {
    this.#entries.clear();
    this.#bytes = 0;
  }

  /** @internal The key of a member's bytes under the given settings. */
  keyOf(bytes: Uint8Array, name: string, limits: ExtractLimits, textForms: readonly TextForm[] | undefined): string {
    const hash = createHash('sha256').update(bytes).digest('hex');
    return `${hash}\u0000${extname(name).toLowerCase()}\u0000${JSON.stringify(limits)}\u0000${(textForms ?? []).join(',')}`;
  }

  /** @internal The recorded events of `key`, marked as recently used; counts a hit. */
  lookup(key: string): RecordedMember | undefined {
    const found = this.#entries.get(key);
    if (found === undefined) return undefined;
    this.#entries.delete(key);
    this.#entries.set(key, found);
    return found;
  }

  /** @internal Counts a replay (a hit whose replay the limits allowed) or a fresh extraction. */
  count(hit: boolean): void {
    if (hit) this.#hits++;
    else this.#misses++;
  }

  /** @internal Keeps a member's events, dropping the least recently used past `maxBytes`. */
  store(key: string, recorded: RecordedMember): void {
    if (recorded.cost > this.maxEntryBytes) return;
    const old = this.#entries.get(key);
    if (old !== undefined) {
      this.#entries.delete(key);
      this.#bytes -= old.cost;
    }
    this.#entries.set(key, recorded);
    this.#bytes += recorded.cost;
    for (const [oldest, entry] of this.#entries) {
      if (this.#bytes <= this.maxBytes) break;
      this.#entries.delete(oldest);
      this.#bytes -= entry.cost;
    }
  }
}

/** Re-roots recorded events under `member` (the current copy's chain, not the recorded one). */
export function rebase(recorded: RecordedMember, member: readonly string[]): ExtractEvent[] {
  return recorded.events.map((event): ExtractEvent => {
    if (event.kind === 'segment') {
      const s = event.segment;
      const chain = [...member, ...s.member.slice(recorded.prefixLength)];
      return { kind: 'segment', segment: s.form === undefined ? { text: s.text, place: s.place, member: chain } : { text: s.text, form: s.form, place: s.place, member: chain } };
    }
    const p = event.problem;
    return { kind: 'problem', problem: { level: p.level, reason: p.reason, message: p.message, member: [...member, ...p.member.slice(recorded.prefixLength)] } };
  });
}
