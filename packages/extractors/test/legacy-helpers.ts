import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { detect } from '@gallra/core';
import { ExtractionError } from '../src/errors.js';
import type { Format, FormatContext, FormatEvent, FormatInput } from '../src/format.js';
import { DEFAULT_LIMITS } from '../src/limits.js';
import type { Place } from '../src/types.js';

export const LEGACY_FIXTURES = join(import.meta.dirname, '..', '..', '..', 'fixtures', 'documents', 'legacy');

/** Reference date for century inference, fixed so results do not change with the calendar. */
export const NOW = new Date('2026-11-22T00:00:00Z');

export interface TruthFinding {
  readonly value: string;
  readonly type: string;
  readonly place: Place & { readonly part?: string };
}
export interface TruthFile {
  readonly format: string;
  readonly findings?: TruthFinding[];
  readonly error?: string;
  readonly metadata?: Record<string, string>;
  readonly wrappedAcrossLines?: string[];
  readonly sameAs?: string;
  readonly partial?: boolean;
  /** Non-fatal problems expected (level and reason); none when absent. */
  readonly problems?: Array<{ level: string; reason: string }>;
  /** Exact segment text of some cells, `Sheet!B4` → text. */
  readonly cellText?: Record<string, string>;
}

export function loadTruth(): Record<string, TruthFile> {
  return (JSON.parse(readFileSync(join(LEGACY_FIXTURES, 'truth.json'), 'utf8')) as { files: Record<string, TruthFile> }).files;
}

/** A FormatInput over bytes in memory, as the dispatcher would build it. */
export function inputOf(name: string, bytes: Uint8Array): FormatInput {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return {
    name,
    size: buffer.length,
    head: buffer.subarray(0, 4096),
    open: () => Readable.from([buffer]),
    bytes: async () => {
      if (buffer.length > DEFAULT_LIMITS.maxFileBytes) throw new ExtractionError('too-large', 'too large');
      return buffer;
    },
    zipEntryNames: async () => null,
  };
}

export function fixtureInput(rel: string): FormatInput {
  return inputOf(rel.split('/').pop()!, readFileSync(join(LEGACY_FIXTURES, rel)));
}

export function contextOf(signal?: AbortSignal): FormatContext {
  return { limits: DEFAULT_LIMITS, signal };
}

export async function collect(format: Format, input: FormatInput, ctx: FormatContext = contextOf()): Promise<FormatEvent[]> {
  const events: FormatEvent[] = [];
  for await (const event of format.extract(input, ctx)) events.push(event);
  return events;
}

/** Runs the extraction; returns the events, or the ExtractionError reason it failed with. */
export async function collectOrReason(format: Format, input: FormatInput): Promise<{ events: FormatEvent[]; reason?: string }> {
  const events: FormatEvent[] = [];
  try {
    for await (const event of format.extract(input, contextOf())) events.push(event);
    return { events };
  } catch (error) {
    if (error instanceof ExtractionError) return { events, reason: error.reason };
    throw error;
  }
}

/** Findings of the core detector over the segments, in the truth file's shape. */
export function findingsOf(events: readonly FormatEvent[]): TruthFinding[] {
  const out: TruthFinding[] = [];
  for (const event of events) {
    if (event.kind !== 'segment') continue;
    for (const finding of detect(event.text, { now: NOW })) {
      out.push({ value: finding.normalized, type: finding.type, place: event.place });
    }
  }
  return out;
}

const key = (f: TruthFinding): string => JSON.stringify([f.value, f.type, Object.entries(f.place).sort()]);

/** Sorted keys, so two multisets of findings compare with toEqual regardless of order. */
export function findingKeys(findings: readonly TruthFinding[]): string[] {
  return findings.map(key).sort();
}

export function metadataOf(events: readonly FormatEvent[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const e of events) if (e.kind === 'metadata') out[e.field] = e.value;
  return out;
}

export function textOf(events: readonly FormatEvent[]): string {
  return events.map((e) => (e.kind === 'segment' ? e.text : '')).join('\n');
}

/**
 * Writes a minimal valid PDF (Helvetica, WinAnsi) with one text line per entry, each line a
 * separate `Tj` at its own baseline, the way layout engines place wrapped lines.
 */
export function makePdf(pages: readonly (readonly string[])[]): Uint8Array {
  const literal = (s: string): string =>
    '(' +
    [...s]
      .map((c) => {
        const code = c.charCodeAt(0);
        if (c === '(' || c === ')' || c === '\\') return '\\' + c;
        if (code < 32 || code > 126) return '\\' + (code & 0xff).toString(8).padStart(3, '0');
        return c;
      })
      .join('') +
    ')';
  const objects: string[] = [];
  const pageIds: number[] = [];
  objects[1] = '<< /Type /Catalog /Pages 2 0 R >>';
  objects[3] = '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>';
  let next = 4;
  for (const lines of pages) {
    const content = `BT /F1 11 Tf 72 760 Td ${lines.map((l, i) => `${i === 0 ? '' : '0 -14 Td '}${literal(l)} Tj`).join(' ')} ET`;
    const pageId = next++;
    const contentId = next++;
    pageIds.push(pageId);
    objects[pageId] = `<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 3 0 R >> >> /Contents ${contentId} 0 R >>`;
    objects[contentId] = `<< /Length ${Buffer.byteLength(content, 'latin1')} >>\nstream\n${content}\nendstream`;
  }
  objects[2] = `<< /Type /Pages /Kids [${pageIds.map((id) => `${id} 0 R`).join(' ')}] /Count ${pageIds.length} >>`;
  let out = '%PDF-1.4\n';
  const offsets: number[] = [];
  for (let id = 1; id < objects.length; id++) {
    offsets[id] = Buffer.byteLength(out, 'latin1');
    out += `${id} 0 obj\n${objects[id]}\nendobj\n`;
  }
  const xref = Buffer.byteLength(out, 'latin1');
  out += `xref\n0 ${objects.length}\n0000000000 65535 f \n`;
  for (let id = 1; id < objects.length; id++) out += `${String(offsets[id]).padStart(10, '0')} 00000 n \n`;
  out += `trailer\n<< /Size ${objects.length} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return new Uint8Array(Buffer.from(out, 'latin1'));
}
