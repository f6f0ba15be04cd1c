import { Readable } from 'node:stream';
import { createDetector, type DetectCallOptions, type Detector, type Finding } from '@gallra/core';
import { ExtractionError, extract, MemberCache, type ExtractEvent, type ExtractionProblem, type ExtractOptions, type Segment } from '@gallra/extractors';
import type { FileStatus, ReportError, ReportFinding } from './report.js';
import type { ContentScanOptions } from './scan-options.js';
import { SegmentLocator } from './location.js';
import { redactMessage } from './redact.js';
import { describeIoError } from './io-error.js';

/** Content to scan: a file, a container member or a git blob. Give `bytes` or `open`. */
export interface ContentInput {
  /** File name or path; an extension hint only (the content decides the format). */
  readonly name: string;
  /** Size in bytes. */
  readonly size: number;
  /** The whole content in memory. */
  readonly bytes?: Uint8Array;
  /** A fresh stream of the content; may be called more than once. */
  open?(): Readable;
  /**
   * Path of the file on disk, with `open`: a zip or office document is then read in place (random
   * access) instead of whole into memory — a 172 MB zip peaked at 670 MB RSS read whole.
   */
  readonly path?: string;
}

/** A non-fatal problem in part of the content, e.g. one unreadable archive member. */
export type ReportWarning = ReportError & { readonly member: string | null };

/** What scanning one piece of content found. */
export interface ContentReport {
  /** Detected format id, or `unknown` when extraction failed before the format was known. */
  readonly format: string;
  /** Text encoding, for text formats. */
  readonly encoding?: string;
  readonly status: FileStatus;
  readonly error: ReportError | null;
  readonly warnings: readonly ReportWarning[];
  readonly findings: readonly ReportFinding[];
}

/** Reasons that mean "not something we scan" rather than "something went wrong". */
const SKIP_REASONS = new Set(['binary', 'no-text-layer']);

/**
 * Extracts text from `input`, detects identity numbers in every segment and maps each finding to a
 * location. Never throws for bad input: unreadable or malformed content becomes `status: "error"`,
 * binary content `status: "skipped"`, both with a reason code.
 */
export async function scanContent(input: ContentInput, options: ContentScanOptions = {}): Promise<ContentReport> {
  const detector = detectorFor(options);
  const reveal = options.reveal === true;
  const fileNameFindings: ReportFinding[] = [];
  detectInSegment(detector, { text: baseName(input.name), place: FILE_NAME_PLACE, member: [] }, undefined, reveal, fileNameFindings);
  const run = new ContentRun(detector, reveal, options.maxFindingsPerFile ?? MAX_FINDINGS_PER_FILE, fileNameFindings);
  let format = 'unknown';
  let encoding: string | undefined;
  try {
    const extraction = await extract(toExtractInput(input), extractOptions(options));
    format = extraction.format;
    encoding = extraction.encoding;
    // Text in memory comes without promises per event; everything else as it is read.
    if (extraction.syncEvents) for (const event of extraction.syncEvents) run.take(event);
    else for await (const event of extraction.events) run.take(event);
  } catch (error) {
    const problem = describeProblem(error);
    const status: FileStatus = SKIP_REASONS.has(problem.reason) ? 'skipped' : 'error';
    return { format, ...(encoding ? { encoding } : {}), status, error: problem, warnings: run.warnings, findings: fileNameFindings };
  }
  const { findings, warnings } = run.finish();
  return { format, ...(encoding ? { encoding } : {}), status: 'ok', error: null, warnings, findings };
}

/** What scanning one piece of content gathers from its extraction events, event by event. */
class ContentRun {
  readonly findings: ReportFinding[];
  readonly warnings: ReportWarning[] = [];
  private omitted = 0;
  /** Warnings past {@link MAX_WARNINGS_PER_FILE}, counted by reason. */
  private readonly omittedWarnings = new Map<string, number>();
  private readonly hints = new SegmentHints();
  private readonly names: MemberNames;

  constructor(
    private readonly detector: Detector,
    private readonly reveal: boolean,
    private readonly maxFindings: number,
    fileNameFindings: readonly ReportFinding[],
  ) {
    this.findings = [...fileNameFindings];
    this.names = new MemberNames(detector, reveal);
  }

  /** Takes one event; throws the file's own fatal problem as an `ExtractionError`. */
  take(event: ExtractEvent): void {
    if (event.kind === 'problem') {
      this.problem(event.problem);
      return;
    }
    const segment = event.segment;
    const findings = this.findings;
    if (segment.member.length > 0) this.names.visit(segment.member, findings);
    detectInSegment(this.detector, this.names.redacted(segment), this.hints, this.reveal, findings);
    if (findings.length > this.maxFindings) {
      this.omitted += findings.length - this.maxFindings;
      findings.length = this.maxFindings;
    }
  }

  private problem({ level, reason, message, member }: ExtractionProblem): void {
    const warning = { reason, message: redactMessage(message), member: member.length ? this.names.label(member) : null };
    if (level === 'error' && member.length === 0) throw new ExtractionError(reason, message);
    if (this.warnings.length < MAX_WARNINGS_PER_FILE) this.warnings.push(warning);
    else this.omittedWarnings.set(reason, (this.omittedWarnings.get(reason) ?? 0) + 1);
  }

  /** The findings and warnings once every event was taken. */
  finish(): { findings: ReportFinding[]; warnings: ReportWarning[] } {
    if (this.omittedWarnings.size > 0) this.warnings.push(warningsLimitWarning(this.omittedWarnings));
    if (this.omitted > 0) this.warnings.push(findingsLimitWarning(this.omitted, this.maxFindings));
    return { findings: this.findings, warnings: this.warnings };
  }
}

/** Default of `ContentScanOptions.maxFindingsPerFile`. */
export const MAX_FINDINGS_PER_FILE = 100_000;

/**
 * A register export with millions of rows would otherwise hold millions of findings in memory at once
 * (≈ 2 KB each in a worker) and crash its worker, losing the file: past the limit findings are counted,
 * not listed, and the report says how many were left out.
 */
function findingsLimitWarning(omitted: number, listed: number): ReportWarning {
  return {
    reason: 'findings-limit',
    message: `${omitted} more findings in this file are not listed: at most ${listed} are listed per file`,
    member: null,
  };
}

/**
 * Warnings listed per file at most. A 200 MB mailbox of photos gathered 386,134 `no-text-layer`
 * warnings (one per attachment) and peaked at 520 MB RSS; a bigger one would grow on with its size.
 */
export const MAX_WARNINGS_PER_FILE = 1_000;

/** The rest of a file's warnings, counted by reason: `385134 more warnings … (no-text-layer 385134)`. */
function warningsLimitWarning(omitted: ReadonlyMap<string, number>): ReportWarning {
  let total = 0;
  for (const n of omitted.values()) total += n;
  const byReason = [...omitted].map(([reason, n]) => `${reason} ${n}`).join(', ');
  return {
    reason: 'warnings-limit',
    message: `${total} more warnings in this file are not listed (${byReason}): at most ${MAX_WARNINGS_PER_FILE} are listed per file`,
    member: null,
  };
}

/** Base name of a file name or repository path (either separator). */
function baseName(name: string): string {
  const cut = Math.max(name.lastIndexOf('/'), name.lastIndexOf('\\'));
  return cut >= 0 ? name.slice(cut + 1) : name;
}

/**
 * Names are data too: "Intyg 19850101-2390.pdf" in a file share, or `lista 850101-2390.xlsx` inside a
 * zip or attached to a mail, holds a personnummer whatever the content says. Each name is run through
 * the detector once (location `field: "file-name"`, or `"member-name"` with the member chain), and
 * unless the scan reveals values, member names shown in locations and warnings are masked like
 * error messages (`redactMessage`), so a report never repeats a full number from a name.
 */
class MemberNames {
  private readonly seen = new Set<string>();
  private readonly labels = new Map<string, string>();

  constructor(
    private readonly detector: Detector,
    private readonly reveal: boolean,
  ) {}

  /** Detects in each member name of `chain` the first time that chain is seen. */
  visit(chain: readonly string[], out: ReportFinding[]): void {
    for (let depth = 1; depth <= chain.length; depth++) {
      const key = chain.slice(0, depth).join('\u0000');
      if (this.seen.has(key)) continue;
      this.seen.add(key);
      const place = { kind: 'metadata' as const, field: 'member-name' };
      const member = chain.slice(0, depth);
      detectInSegment(this.detector, this.redacted({ text: baseName(chain[depth - 1]!), place, member }), undefined, this.reveal, out);
    }
  }

  /** The member chain as a report shows it: joined with `/`, masked unless the scan reveals values. */
  label(chain: readonly string[]): string {
    const joined = chain.join('/');
    if (this.reveal) return joined;
    let label = this.labels.get(joined);
    if (label === undefined) {
      label = redactMessage(joined);
      if (this.labels.size < 10_000) this.labels.set(joined, label);
    }
    return label;
  }

  /** `segment` with its member chain masked, when anything in it needs masking. */
  redacted(segment: Segment): Segment {
    if (this.reveal || segment.member.length === 0) return segment;
    const label = this.label(segment.member);
    return label === segment.member.join('/') ? segment : { ...segment, member: [label] };
  }
}

const UTF8_BYTES_FORM: DetectCallOptions = { form: 'utf8-bytes' };
const FILE_NAME_PLACE = { kind: 'metadata', field: 'file-name' } as const;

/**
 * Whether the scanner asks for valid UTF-8 text as `utf8-bytes` (no decoding; the detector reads the
 * bytes with the same results). Off while detecting in that form costs more than decoding saves:
 * measured with `node bench/text-path.mjs` on the 200 MB Swedish corpus (CPU seconds, one thread),
 * decoding (isUtf8 + transcode) 0.17 s + detect 1.0 s against latin1 0.11 s + detect-bytes 1.9 s.
 */
const READ_UTF8_AS_BYTES = false;
const TEXT_FORMS = READ_UTF8_AS_BYTES ? (['utf8-bytes'] as const) : ([] as const);

/**
 * One cache of container members' events per worker (or process), like the detectors: the same
 * attachment in many messages, or the same document in many zips, is extracted once per worker.
 * Bounded (32 MB of text by default); limits still count every copy.
 */
const memberCache = new MemberCache();

function extractOptions(options: ContentScanOptions): ExtractOptions {
  return options.limits ? { limits: options.limits, textForms: TEXT_FORMS, memberCache } : { textForms: TEXT_FORMS, memberCache };
}

function toExtractInput(input: ContentInput) {
  const { bytes, open } = input;
  if (open) return { name: input.name, size: input.size, open: () => open.call(input), ...(input.path !== undefined ? { path: input.path } : {}) };
  if (bytes) return { name: input.name, size: bytes.length, bytes, open: () => Readable.from([Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)]) };
  throw new TypeError('scanContent: input needs `bytes` or `open`');
}

function detectInSegment(
  detector: Detector,
  segment: Segment,
  hints: SegmentHints | undefined,
  reveal: boolean,
  out: ReportFinding[],
): void {
  const found =
    segment.form === 'utf8-bytes'
      ? detector.detect(segment.text, UTF8_BYTES_FORM)
      : detectWithHints(detector, segment.text, hints?.for(segment));
  if (found.length === 0) return;
  const locator = new SegmentLocator(segment);
  for (const finding of found) {
    if (!finding.personal) continue;
    out.push(toReportFinding(finding, locator, reveal));
  }
}

function toReportFinding(finding: Finding, locator: SegmentLocator, reveal: boolean): ReportFinding {
  const location = locator.locate(finding.start);
  const { type, confidence, score, masked, fingerprint, testNumber } = finding;
  // Two literal shapes rather than a conditional spread: this runs once per finding.
  return reveal
    ? { type, confidence, score, masked, fingerprint, testNumber, value: finding.normalized, location }
    : { type, confidence, score, masked, fingerprint, testNumber, location };
}

/** Context the scanner gives the detector about a segment, e.g. a table cell's column header. */
export type DetectHints = DetectCallOptions;

/**
 * Remembers the first row of each sheet so that a cell further down can pass its column header
 * ("Personnummer", "Telefon") as context. Other kinds of segment get no hints.
 */
class SegmentHints {
  private readonly headers = new Map<string, string>();

  for(segment: Segment): DetectHints | undefined {
    const place = segment.place;
    if (place.kind !== 'cell') return undefined;
    const ref = /^([A-Z]+)(\d+)$/.exec(place.cell);
    if (!ref) return undefined;
    const key = `${segment.member.join('/')}\u0000${place.sheet}\u0000${ref[1]}`;
    if (ref[2] === '1') {
      this.headers.set(key, segment.text.slice(0, 200));
      return undefined;
    }
    const header = this.headers.get(key);
    return header === undefined ? undefined : { context: header };
  }
}

/** Runs the detector with the segment's hints (the column header of a table cell becomes keyword context). */
function detectWithHints(detector: Detector, text: string, hints: DetectHints | undefined): readonly Finding[] {
  return hints ? detector.detect(text, hints) : detector.detect(text);
}

/** One compiled detector per distinct set of detection options, reused across files (and per worker). */
const detectors = new Map<string, Detector>();

/** The last answer of {@link detectorFor}: a worker passes the same options object for every file. */
let lastDetector: { options: ContentScanOptions; now: unknown; key: unknown; detector: Detector } | undefined;

function detectorFor(options: ContentScanOptions): Detector {
  const last = lastDetector;
  if (last !== undefined && last.options === options && last.now === options.now && last.key === options.fingerprintKey) return last.detector;
  const detector = cachedDetector(options);
  lastDetector = { options, now: options.now, key: options.fingerprintKey, detector };
  return detector;
}

function cachedDetector(options: ContentScanOptions): Detector {
  const cacheKey = `${options.now ?? ''}\u0000${options.fingerprintKey ?? ''}`;
  let detector = detectors.get(cacheKey);
  if (!detector) {
    if (detectors.size >= 8) detectors.clear();
    detector = createDetector({
      ...(options.now ? { now: new Date(options.now) } : {}),
      ...(options.fingerprintKey ? { fingerprintKey: options.fingerprintKey } : {}),
    });
    detectors.set(cacheKey, detector);
  }
  return detector;
}

/** Turns anything thrown while reading or extracting into a reason code and a redacted message. */
export function describeProblem(error: unknown): ReportError {
  if (error instanceof ExtractionError) return { reason: error.reason, message: redactMessage(error.message) };
  const io = describeIoError(error);
  if (io) return io;
  const message = error instanceof Error ? error.message : String(error);
  return { reason: 'internal-error', message: redactMessage(message) };
}
