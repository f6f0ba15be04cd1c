import { createReadStream, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { detect } from '@gallra/core';
import { extract, ExtractionError, type ExtractOptions, type Place, type Segment } from '../src/index.js';

export const FIXTURES = join(import.meta.dirname, '..', '..', '..', 'fixtures', 'documents');
/** Generated fixtures and the same documents re-saved by LibreOffice, each with its truth.json. */
export const FIXTURE_SETS = [FIXTURES, join(import.meta.dirname, '..', '..', '..', 'fixtures', 'documents-libreoffice'), join(FIXTURES, 'mail')];

/** Expected results of one fixture (fixtures/documents/truth.json). */
export interface FixtureTruth {
  readonly format?: string;
  /** Other formats the fixture needs (e.g. an embedded xlsx). */
  readonly requires?: readonly string[];
  readonly encoding?: string;
  readonly error?: string;
  readonly findings: readonly { type: string; normalized: string; member: readonly string[]; place: string }[];
  readonly problems: readonly { level: string; reason: string; member: readonly string[] }[];
  readonly metadata?: Readonly<Record<string, string>>;
  readonly cellText?: Readonly<Record<string, string>>;
}

export function loadTruth(dir = FIXTURES): Record<string, FixtureTruth> {
  return JSON.parse(readFileSync(join(dir, 'truth.json'), 'utf8')) as Record<string, FixtureTruth>;
}

/** The place key used in truth.json. */
export function placeKey(place: Place, lineOffset = 0): string {
  switch (place.kind) {
    case 'text':
      return `line ${place.line + lineOffset}`;
    case 'paragraph':
      return `${place.part}#${place.index}${place.revision === 'original' ? ' (original)' : ''}`;
    case 'cell':
      return place.header !== undefined ? `${place.sheet}!${place.cell} [${place.header}]` : `${place.sheet}!${place.cell}`;
    case 'slide':
      return `slide ${place.slide}${place.notes ? ' notes' : ''}`;
    case 'metadata':
      return `meta:${place.field}`;
    case 'page':
      return `page ${place.page}`;
    case 'mail':
      return `message ${place.message} ${place.field}:${(place.line ?? 1) + lineOffset}`;
  }
}

export interface FixtureRun {
  format: string | null;
  encoding: string | undefined;
  segments: Segment[];
  problems: { level: string; reason: string; member: readonly string[] }[];
  error: string | null;
}

/** Extracts a file and collects everything (a thrown ExtractionError becomes `error`). */
export async function runFile(path: string, options: ExtractOptions = {}): Promise<FixtureRun> {
  const run: FixtureRun = { format: null, encoding: undefined, segments: [], problems: [], error: null };
  try {
    const size = statSync(path).size;
    const extraction = await extract({ name: path, size, path, open: () => createReadStream(path) }, options);
    run.format = extraction.format;
    run.encoding = extraction.encoding;
    for await (const event of extraction.events) {
      if (event.kind === 'segment') run.segments.push(event.segment);
      else run.problems.push({ level: event.problem.level, reason: event.problem.reason, member: event.problem.member });
    }
  } catch (err) {
    if (!(err instanceof ExtractionError)) throw err;
    run.error = err.reason;
  }
  return run;
}

/** A finding located the way truth.json writes it. */
export interface LocatedFinding {
  type: string;
  normalized: string;
  member: readonly string[];
  place: string;
}

/** Runs the core detector on every segment; text and mail places get the line of the finding itself. */
export function findingsOf(segments: readonly Segment[]): LocatedFinding[] {
  const out: LocatedFinding[] = [];
  for (const segment of segments) {
    for (const f of detect(segment.text, { now: new Date('2026-12-01') })) {
      if (!f.personal) continue;
      let offset = 0;
      if (segment.place.kind === 'text' || segment.place.kind === 'mail') for (let i = segment.text.indexOf('\n'); i >= 0 && i < f.start; i = segment.text.indexOf('\n', i + 1)) offset++;
      out.push({ type: f.type, normalized: f.normalized, member: segment.member, place: placeKey(segment.place, offset) });
    }
  }
  return out;
}

/**
 * Stable string for comparing findings as sets. Uses the 10 digits after the century: the century of
 * a number written without one is the detector's inference, not the extractor's concern.
 */
export function findingKey(f: { normalized: string; member: readonly string[]; place: string }): string {
  return `${f.normalized.slice(-10)} @ ${[...f.member, f.place].join(' > ')}`;
}
