/**
 * Findings packed for the trip from a scan worker to the main thread.
 *
 * Structured-cloning a file's findings (one object per finding and one per location, ~200,000 of
 * each on a 200 MB share) and collecting them again cost the main thread more than the rest of the
 * scan's bookkeeping, and with one core per worker every main-thread millisecond is taken from the
 * workers. So, when the report writer says what it needs (`ReportWriter.packedFindings`), a worker
 * sends a file's findings as UTF-8 bytes instead: their JSON (exactly `JSON.stringify(findings)`)
 * and/or the text report's rows, as asked, and always a tally for the summary. The bytes of all files of a task
 * share one buffer that is transferred, not copied, and they never enter this thread's heap: the
 * writers hand them to the output stream as they are.
 *
 * A file report carrying packed findings still has its `findings` array when the JSON was asked for:
 * it is parsed from the JSON the first time it is read, so every consumer sees the same report
 * either way. Writers and the summary use the packed forms directly (`packedFindingsOf`). Without
 * the JSON (the text writer needs only its rows) reading `findings` throws.
 */
import type { Confidence, EntityType } from '@gallra/core';
import type { ReportFinding } from './report.js';
import { formatFindingRows, painter } from './writers/text-rows.js';

/** What a writer asks workers to render. */
export interface PackRequest {
  /** The findings' JSON: what the JSON report holds and what `file.findings` is parsed from. */
  readonly json?: boolean;
  /** The text report's finding rows (`formatFindingRows`), with or without colours. */
  readonly textRows?: { readonly color: boolean };
}

/** Counts over a file's findings: everything `SummaryBuilder` adds up. */
export interface FindingTally {
  /** `[type, findings]`, in order of first occurrence. */
  readonly byType: readonly (readonly [EntityType, number])[];
  /** `[confidence, findings]`, in order of first occurrence. */
  readonly byConfidence: readonly (readonly [Confidence, number])[];
  readonly testNumbers: number;
  readonly suppressed: number;
  /** Findings that are not suppressed: `[confidence, not test numbers, test numbers]`. */
  readonly open: readonly (readonly [Confidence, number, number])[];
}

export interface PackedFindings {
  readonly count: number;
  /** With `PackRequest.json`: `JSON.stringify(findings)`, UTF-8. */
  readonly json?: Uint8Array;
  /** With `PackRequest.textRows`: `formatFindingRows(findings, painter(color))`, UTF-8. */
  readonly textRows?: { readonly color: boolean; readonly rows: Uint8Array };
  readonly tally: FindingTally;
}

/**
 * Packs the findings of several files as `request` asks (in a worker thread). All their bytes sit
 * in the one returned `buffer`, to be transferred with the answer.
 */
export function packFindingsBatch(
  lists: readonly (readonly ReportFinding[])[],
  request: PackRequest,
): { readonly packed: PackedFindings[]; readonly buffer: ArrayBuffer } {
  const color = request.textRows?.color;
  const paint = color === undefined ? null : painter(color);
  const texts: string[] = [];
  const sizes: number[] = [];
  let bytes = 0;
  const add = (text: string) => {
    const size = Buffer.byteLength(text);
    texts.push(text);
    sizes.push(size);
    bytes += size;
  };
  for (const findings of lists) {
    if (request.json) add(JSON.stringify(findings));
    if (paint) add(formatFindingRows(findings, paint));
  }
  // Its own ArrayBuffer (never the shared pool), so it can be transferred.
  const buffer = Buffer.allocUnsafeSlow(bytes);
  let offset = 0;
  let piece = 0;
  const next = (): Uint8Array => {
    const text = texts[piece]!;
    const size = sizes[piece++]!;
    // Pure ASCII (as findings mostly are) is copied byte for byte, much faster than UTF-8 encoding.
    buffer.write(text, offset, size, size === text.length ? 'latin1' : 'utf8');
    const view = new Uint8Array(buffer.buffer, offset, size);
    offset += size;
    return view;
  };
  const packed = lists.map((findings): PackedFindings => {
    const json = request.json ? next() : undefined;
    const textRows = paint ? { color: color!, rows: next() } : undefined;
    const tally = tallyFindings(findings);
    return { count: findings.length, ...(json ? { json } : {}), ...(textRows ? { textRows } : {}), tally };
  });
  return { packed, buffer: buffer.buffer };
}

/** Adds up findings for the summary. */
export function tallyFindings(findings: readonly ReportFinding[]): FindingTally {
  // Maps, not objects keyed by type: a worker tallies thousands of files, and objects growing keys
  // in a different order per file keep deoptimising this function.
  const byType = new Map<EntityType, number>();
  const byConfidence = new Map<Confidence, number>();
  const openPlain = new Map<Confidence, number>();
  const openTest = new Map<Confidence, number>();
  let testNumbers = 0;
  let suppressed = 0;
  for (const finding of findings) {
    byType.set(finding.type, (byType.get(finding.type) ?? 0) + 1);
    byConfidence.set(finding.confidence, (byConfidence.get(finding.confidence) ?? 0) + 1);
    if (finding.testNumber) testNumbers++;
    if (finding.suppression) suppressed++;
    else {
      const open = finding.testNumber ? openTest : openPlain;
      open.set(finding.confidence, (open.get(finding.confidence) ?? 0) + 1);
    }
  }
  const open = new Set([...openPlain.keys(), ...openTest.keys()]);
  return {
    byType: [...byType],
    byConfidence: [...byConfidence],
    testNumbers,
    suppressed,
    open: [...open].map((confidence) => [confidence, openPlain.get(confidence) ?? 0, openTest.get(confidence) ?? 0] as const),
  };
}

const PACKED = Symbol('gallra.packedFindings');
const PARSED = Symbol('gallra.parsedFindings');

type WithFindings = { findings: readonly ReportFinding[] };
type Carrier = { [PACKED]?: PackedFindings; [PARSED]?: readonly ReportFinding[] };

// One getter and one setter for every report: objects given the same accessor pair share their
// hidden class, where a closure per report would give each its own (slow, and ~1 KB apiece).
function getFindings(this: Carrier): readonly ReportFinding[] {
  let parsed = this[PARSED];
  if (!parsed) {
    const json = this[PACKED]!.json;
    if (!json) throw new Error('these findings were packed without their JSON (PackRequest.json): read them with packedFindingsOf');
    parsed = JSON.parse(utf8(json)) as ReportFinding[];
    Object.defineProperty(this, PARSED, { value: parsed, configurable: true, enumerable: false });
  }
  return parsed;
}

function setFindings(this: Carrier, value: readonly ReportFinding[]): void {
  Object.defineProperty(this, 'findings', { value, writable: true, configurable: true, enumerable: true });
}

/**
 * Gives `target` the packed findings: `findings` becomes a property (enumerable, in its place among
 * the keys) that parses the JSON on first read, and `packedFindingsOf(target)` returns `packed`.
 */
export function attachPackedFindings<T extends WithFindings>(target: T, packed: PackedFindings): T {
  Object.defineProperty(target, 'findings', { get: getFindings, set: setFindings, configurable: true, enumerable: true });
  Object.defineProperty(target, PACKED, { value: packed, configurable: true, enumerable: false });
  return target;
}

/** The packed findings of a report (or result), if it has them. */
export function packedFindingsOf(report: object): PackedFindings | undefined {
  return (report as { [PACKED]?: PackedFindings })[PACKED];
}

/** Decodes UTF-8 bytes (a view; no copy until the string). */
export function utf8(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8');
}
