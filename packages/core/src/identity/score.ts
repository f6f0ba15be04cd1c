/**
 * Scoring of validated candidates (detection spec §1.10, §1.11, §8; docs/confidence.md).
 *
 * Context is read lazily: keyword matching runs only on windows around candidates, and each part
 * of the text is matched at most once however many candidates share it, so dense text stays linear.
 */
import type { EntityType, Evidence } from '../types.js';
import { acceptKeyword, compileKeywords, type KeywordMatcher, type KeywordRole } from './keywords.js';
import type { Candidate, ScanResult, Shape } from './scan.js';

/** A candidate with its final score and evidence. */
export interface ScoredCandidate {
  readonly type: EntityType;
  readonly start: number;
  readonly end: number;
  readonly normalized: string;
  readonly testNumber: boolean;
  readonly personal: boolean;
  readonly score: number;
  readonly evidence: readonly Evidence[];
}

/** Scoring constants in one place; docs/confidence.md documents each one. */
export const SCORING = {
  /** Base score of a valid personnummer written `YYMMDD-NNNC` (Purview's 75-level analogue). */
  base: { person: 0.8, interim: 0.5, partial: 0.5, organisation: 0.8 },
  /** Score change by surface form (relative to the base). */
  shape: {
    separated: 0,
    'separated-long': 0.05,
    long: 0,
    short: -0.25,
    spaced: -0.1,
    'iso-date': -0.1,
    vat: -0.05,
  } satisfies Record<Shape, number>,
  samordningsnummer: -0.05,
  /** Positive keyword as a label: ≤ 40 characters before, on the same line (or the call's context). */
  labelWindow: 40,
  label: 0.3,
  /** Positive keyword within 300 characters either side (Purview's proximity). */
  nearWindow: 300,
  near: 0.15,
  /** Interim numbers get a larger boost from interim/T-nummer/Ladok keywords (§8: +0.4). */
  interimLabel: 0.4,
  interimNear: 0.3,
  partialKeyword: 0.2,
  organisationLabel: 0.15,
  organisationNear: 0.1,
  /** Negative keyword label (phone, OCR, order, orgnr…) before a person number. */
  negativeLabel: -0.4,
  /** 10-digit run starting `07` (mobile-number shape). */
  phoneLike: -0.3,
  /** Last four digits read as a clock time in a form timestamps use (12 digits, space-separated). */
  timeLike: -0.25,
  /** Date after the reference date (inferred century): −0.3 and at most `low`. */
  futureDate: -0.3,
  futureDateCap: 0.59,
  /** Many failed look-alikes around the number: it is probably one of a list of other numbers. */
  lookalikeWindow: 1000,
  lookalikeMinRejected: 4,
  lookalike: -0.2,
  cap: 0.98,
} as const;

const MATCHER: KeywordMatcher = compileKeywords();
const LONGEST_KEYWORD = 40;

interface KeywordHit {
  readonly start: number;
  readonly end: number;
  readonly role: KeywordRole;
  readonly keyword: string;
}

function isLetterOrDigit(c: number): boolean {
  if (c < 128) return (c >= 48 && c <= 57) || ((c | 32) >= 97 && (c | 32) <= 122);
  return /[\p{L}\p{N}]/u.test(String.fromCharCode(c));
}

/** Finds keywords in a text window; hits are absolute offsets. */
function matchKeywords(text: string, from: number, to: number, into: KeywordHit[], minStart: number): void {
  const slice = text.slice(from, to);
  const regex = MATCHER.regex;
  regex.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = regex.exec(slice)) !== null) {
    const start = from + m.index;
    if (start < minStart) continue;
    if (start > 0 && isLetterOrDigit(text.charCodeAt(start - 1))) continue;
    const keyword = m[1]!.toLowerCase();
    const suffix = m[2] ?? '';
    const entry = MATCHER.entries.get(keyword);
    if (!acceptKeyword(entry, keyword, suffix)) continue;
    into.push({ start, end: start + m[0].length, role: entry!.role, keyword });
  }
}

/** Keyword hits of a whole short string (the per-call context). Returns the last one, if any. */
function lastKeywordOf(context: string): KeywordHit | undefined {
  const hits: KeywordHit[] = [];
  matchKeywords(context, 0, context.length, hits, 0);
  return hits[hits.length - 1];
}

/** Lazily built, monotonic keyword index over one text. */
class KeywordIndex {
  readonly hits: KeywordHit[] = [];
  private scannedTo = 0;
  constructor(private readonly text: string) {}

  /** Makes sure every keyword starting in [from, to) is in `hits`. */
  cover(from: number, to: number): void {
    const text = this.text;
    if (to <= this.scannedTo) return;
    let a = Math.max(from, this.scannedTo);
    // Start and end on word boundaries so no keyword is cut in two (bounded: keywords are short).
    const aMin = Math.max(0, a - LONGEST_KEYWORD);
    while (a > aMin && isLetterOrDigit(text.charCodeAt(a - 1))) a--;
    let b = Math.min(text.length, to);
    const bMax = Math.min(text.length, b + LONGEST_KEYWORD);
    while (b < bMax && isLetterOrDigit(text.charCodeAt(b))) b++;
    matchKeywords(text, a, b, this.hits, this.scannedTo);
    this.scannedTo = b;
  }
}

function isPositiveForPerson(role: KeywordRole): boolean {
  return role === 'person' || role === 'interim';
}

function hasLineBreak(text: string, from: number, to: number): boolean {
  for (let k = from; k < to; k++) {
    const c = text.charCodeAt(k);
    if (c === 10 || c === 13) return true;
  }
  return false;
}

/**
 * Scores the candidates of one text. `context` is the caller's label for the whole text.
 */
export function scoreCandidates(text: string, scan: ScanResult, context: string | undefined): ScoredCandidate[] {
  const index = new KeywordIndex(text);
  const contextHit = context === undefined || context === '' ? undefined : lastKeywordOf(context);
  const { rejected, candidates } = scan;
  const out: ScoredCandidate[] = [];
  let hitLo = 0;
  let rejLo = 0;
  let rejHi = 0;
  let candLo = 0;
  let candHi = 0;

  for (let ci = 0; ci < candidates.length; ci++) {
    const c = candidates[ci]!;
    const evidence: Evidence[] = [...c.evidence];
    let score = baseScore(c, evidence);

    // Keyword context: label (nearest keyword ≤ 40 chars before on the same line) and nearby words.
    index.cover(c.start - SCORING.nearWindow, c.end + SCORING.nearWindow);
    const hits = index.hits;
    while (hitLo < hits.length && hits[hitLo]!.end < c.start - SCORING.nearWindow) hitLo++;
    let label: KeywordHit | undefined;
    let nearPositive: KeywordHit | undefined;
    let nearInterim: KeywordHit | undefined;
    let nearOrganisation: KeywordHit | undefined;
    for (let h = hitLo; h < hits.length; h++) {
      const hit = hits[h]!;
      if (hit.start > c.end + SCORING.nearWindow) break;
      if (hit.end <= c.start && c.start - hit.end <= SCORING.labelWindow && !hasLineBreak(text, hit.end, c.start)) {
        label = hit; // hits are in order, so the last one is the nearest
      }
      if (isPositiveForPerson(hit.role)) nearPositive ??= hit;
      if (hit.role === 'interim') nearInterim ??= hit;
      if (hit.role === 'organisation') nearOrganisation ??= hit;
    }
    const labelSource = label ?? contextHit;
    const labelCode = label !== undefined ? 'keyword-label' : 'context-label';
    score += contextScore(c, labelSource, labelCode, nearPositive, nearInterim, nearOrganisation, evidence);

    if (c.personal) {
      // Look-alike density: count failed number-shaped strings and other candidates around this one.
      const lo = c.start - SCORING.lookalikeWindow;
      const hi = c.end + SCORING.lookalikeWindow;
      while (rejLo < rejected.length && rejected[rejLo]! < lo) rejLo++;
      if (rejHi < rejLo) rejHi = rejLo;
      while (rejHi < rejected.length && rejected[rejHi]! < hi) rejHi++;
      while (candLo < candidates.length && candidates[candLo]!.start < lo) candLo++;
      if (candHi < candLo) candHi = candLo;
      while (candHi < candidates.length && candidates[candHi]!.start < hi) candHi++;
      const rejectedNear = rejHi - rejLo;
      const validNear = candHi - candLo;
      if (rejectedNear >= SCORING.lookalikeMinRejected && rejectedNear > validNear) {
        evidence.push({ code: 'lookalike-list', delta: SCORING.lookalike, detail: `${rejectedNear} invalid look-alikes nearby` });
        score += SCORING.lookalike;
      }
    }

    if (c.futureDate) {
      evidence.push({ code: 'future-date', delta: SCORING.futureDate });
      score = Math.min(score + SCORING.futureDate, SCORING.futureDateCap);
    }
    score = Math.round(Math.max(0, Math.min(SCORING.cap, score)) * 1000) / 1000;
    out.push({
      type: c.type,
      start: c.start,
      end: c.end,
      normalized: c.normalized,
      testNumber: c.testNumber,
      personal: c.personal,
      score,
      evidence,
    });
  }
  return out;
}

function baseScore(c: Candidate, evidence: Evidence[]): number {
  let score: number;
  switch (c.type) {
    case 'ORGANISATIONSNUMMER':
      score = SCORING.base.organisation;
      break;
    case 'INTERIM_NUMBER':
      score = SCORING.base.interim;
      break;
    case 'PARTIAL_PERSONNUMMER':
      return SCORING.base.partial;
    default:
      score = SCORING.base.person;
  }
  const shapeDelta = SCORING.shape[c.shape];
  if (shapeDelta !== 0) {
    evidence.push({ code: `form-${c.shape}`, delta: shapeDelta });
    score += shapeDelta;
  }
  if (c.type === 'SAMORDNINGSNUMMER') {
    evidence.push({ code: 'samordningsnummer', delta: SCORING.samordningsnummer });
    score += SCORING.samordningsnummer;
  }
  if (c.phoneLike) {
    evidence.push({ code: 'phone-like', delta: SCORING.phoneLike });
    score += SCORING.phoneLike;
  }
  if (c.timeLike && (c.shape === 'long' || c.shape === 'spaced')) {
    evidence.push({ code: 'timestamp-like', delta: SCORING.timeLike });
    score += SCORING.timeLike;
  }
  return score;
}

function contextScore(
  c: Candidate,
  label: KeywordHit | undefined,
  labelCode: 'keyword-label' | 'context-label',
  nearPositive: KeywordHit | undefined,
  nearInterim: KeywordHit | undefined,
  nearOrganisation: KeywordHit | undefined,
  evidence: Evidence[],
): number {
  const add = (code: string, delta: number, hit: KeywordHit): number => {
    evidence.push({ code, delta, detail: hit.keyword });
    return delta;
  };
  switch (c.type) {
    case 'ORGANISATIONSNUMMER':
      if (label?.role === 'organisation') return add(labelCode, SCORING.organisationLabel, label);
      if (nearOrganisation !== undefined) return add('keyword-near', SCORING.organisationNear, nearOrganisation);
      return 0;
    case 'PARTIAL_PERSONNUMMER': {
      const positive = label !== undefined && isPositiveForPerson(label.role) ? label : nearPositive;
      return positive !== undefined ? add(label === positive ? labelCode : 'keyword-near', SCORING.partialKeyword, positive) : 0;
    }
    case 'INTERIM_NUMBER':
      if (label?.role === 'interim') return add(labelCode, SCORING.interimLabel, label);
      if (nearInterim !== undefined) return add('keyword-near', SCORING.interimNear, nearInterim);
      break;
    default:
      break;
  }
  let delta = 0;
  if (label !== undefined) {
    if (isPositiveForPerson(label.role)) return add(labelCode, SCORING.label, label);
    // VAT numbers carry their own orgnr/VAT label; the sole trader's number is still personal.
    if (c.shape !== 'vat') {
      delta += add(labelCode === 'keyword-label' ? 'negative-context' : 'negative-context-label', SCORING.negativeLabel, label);
    }
  }
  if (nearPositive !== undefined) delta += add('keyword-near', SCORING.near, nearPositive);
  return delta;
}
