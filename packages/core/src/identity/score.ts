/**
 * Scoring of validated candidates (detection spec §1.10, §1.11, §8; docs/confidence.md).
 *
 * Context is read lazily: keyword matching runs only on windows around candidates, and each part
 * of the text is matched at most once however many candidates share it, so dense text stays linear.
 */
import type { EntityType, Evidence } from '../types.js';
import { KeywordTrie, type KeywordEntry } from './keyword-trie.js';
import { acceptKeyword, compileKeywords, INFLECTIONS, type KeywordMatcher, type KeywordRole } from './keywords.js';
import { SHAPE_CLASS, SHAPE_CLASS_COUNT, type Candidate, type ScanResult, type Shape } from './scan.js';
import { decodeUtf8ByteString, utf8Back, utf8Forward, Utf8Walker, utf8UnitAt, utf8UnitBefore, utf8UnitsBetween, utf8UnitsUpTo, utf8WidthAt } from '../utf8-form.js';

/** Scores and evidence of a text's candidates, index-aligned with `ScanResult.candidates`. */
export interface CandidateScores {
  readonly scores: Float64Array;
  readonly evidence: readonly (readonly Evidence[])[];
}

/** Scoring constants in one place; docs/confidence.md documents each one. */
export const SCORING = {
  /** Base score of a valid number written `YYMMDD-NNNC` (Purview's 75-level analogue), by type. */
  base: { person: 0.8, interim: 0.5, partial: 0.6, organisation: 0.8 },
  /** Score change by surface form (relative to the base). */
  shape: {
    separated: 0,
    'separated-long': 0.05,
    long: 0,
    short: -0.25,
    spaced: -0.1,
    'spaced-long': -0.25,
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
  /** Negative keyword labelling the number (phone, OCR, order, orgnr…): directly before it, same line. */
  negativeLabel: -0.4,
  /** Column of a delimited or aligned table whose header names an identity number. */
  columnHeader: 0.3,
  /** Column headed just `ID`: a weaker hint, and list statistics still apply. */
  genericColumnHeader: 0.15,
  /** Written after Nordea's personkonto clearing number: the account number is the holder's number. */
  personkonto: 0.3,
  /** 10-digit run starting `07` (mobile-number shape). */
  phoneLike: -0.3,
  /** Last four digits read as a clock time in the forms timestamps use (12 digits, spaced 8+4). */
  timeLike: -0.25,
  /** Date after the reference date (inferred century): −0.3 and at most `low`. */
  futureDate: -0.3,
  futureDateCap: 0.59,
  /** Neighbourhood (characters either side) in which same-shape numbers are counted. */
  listWindow: 1000,
  /** ≥ 4 same-shape strings that fail validation and outnumber the valid ones: probably not identity numbers. */
  lookalikeMinRejected: 4,
  lookalike: -0.2,
  /** …and when they are at least twice as many as the valid ones. */
  lookalikeStrong: -0.4,
  /** ≥ 3 other valid same-shape numbers and at most one failure per four: a register of identity numbers. */
  validListMin: 3,
  validList: 0.15,
  cap: 0.98,
} as const;

const MATCHER: KeywordMatcher = compileKeywords();
const TRIE = new KeywordTrie(MATCHER.entries);
/** How far before the label window a label keyword may start (longest keyword with an inflection). */
const LONGEST_LABEL = 32;

/** Evidence without detail is shared between findings (frozen), so scoring allocates less. */
function fixed(code: string, delta: number): Evidence {
  return withDetail(code, delta, '');
}

const evidenceCache = new Map<string, Map<number, Map<string, Evidence>>>();
/** Shared frozen evidence for (code, delta, detail); the set of keywords and codes is small. */
function withDetail(code: string, delta: number, detail: string): Evidence {
  let byDelta = evidenceCache.get(code);
  if (byDelta === undefined) evidenceCache.set(code, (byDelta = new Map()));
  let byDetail = byDelta.get(delta);
  if (byDetail === undefined) byDelta.set(delta, (byDetail = new Map()));
  let e = byDetail.get(detail);
  if (e === undefined) {
    e = Object.freeze(detail === '' ? { code, delta } : { code, delta, detail });
    // Stems match any inflection, so details are open-ended: keep the cache bounded.
    if (byDetail.size < 512) byDetail.set(detail, e);
  }
  return e;
}
/** The evidence without detail, made once (scoring pushes these for most candidates). */
const EVIDENCE = {
  centuryInferred: fixed('century-inferred', 0),
  personkonto: fixed('personkonto', SCORING.personkonto),
  lookalike: fixed('lookalike-list', SCORING.lookalike),
  lookalikeStrong: fixed('lookalike-list', SCORING.lookalikeStrong),
  validList: fixed('valid-list', SCORING.validList),
  futureDate: fixed('future-date', SCORING.futureDate),
  samordningsnummer: fixed('samordningsnummer', SCORING.samordningsnummer),
  phoneLike: fixed('phone-like', SCORING.phoneLike),
  timestampLike: fixed('timestamp-like', SCORING.timeLike),
  form: Object.fromEntries(Object.entries(SCORING.shape).map(([shape, delta]) => [shape, fixed(`form-${shape}`, delta)])) as Record<Shape, Evidence>,
};
/**
 * Most findings carry one of a few evidence lists (`form-…`, `keyword-label: personnummer`…): the
 * same frozen array is shared by all of them instead of one array per finding staying alive until
 * `detect` returns (a 16 MB register has 150,000). A trie over the shared evidence objects, bounded.
 */
interface EvidenceNode {
  readonly next: Map<Evidence, EvidenceNode>;
  list?: readonly Evidence[];
}
const EVIDENCE_ROOT: EvidenceNode = { next: new Map() };
const MAX_EVIDENCE_NODES = 4096;
let evidenceNodes = 0;
function internEvidence(list: Evidence[]): readonly Evidence[] {
  let node = EVIDENCE_ROOT;
  for (const e of list) {
    let child = node.next.get(e);
    if (child === undefined) {
      if (evidenceNodes >= MAX_EVIDENCE_NODES) return list;
      evidenceNodes++;
      node.next.set(e, (child = { next: new Map() }));
    }
    node = child;
  }
  return (node.list ??= Object.freeze(list));
}

/** How far into the text a table header row is looked for. */
const HEADER_SEARCH = 8192;
/** Longest line prefix read to place a number in a table column. */
const MAX_LINE_PREFIX = 8192;

interface KeywordHit {
  /** Offsets into the text (bytes in the `utf8-bytes` form; UTF-16 columns for an aligned header). */
  readonly start: number;
  readonly end: number;
  readonly role: KeywordRole;
  readonly keyword: string;
  /** The evidence this hit last produced (neighbouring numbers usually share it). */
  cached?: Evidence;
  /** A bare `ID` column header: weaker than an identity keyword. */
  readonly generic?: boolean;
}

const NON_LATIN1_LETTER_OR_DIGIT = /[\p{L}\p{N}]/u;

function isLetterOrDigit(c: number): boolean {
  if (c < 128) return (c >= 48 && c <= 57) || ((c | 32) >= 97 && (c | 32) <= 122);
  if (c < 256) return c >= 0xc0 && c !== 0xd7 && c !== 0xf7; // Latin-1 letters (å, ä, ö, é…)
  return NON_LATIN1_LETTER_OR_DIGIT.test(String.fromCharCode(c));
}

function isLetter(c: number): boolean {
  return c >= 48 && c <= 57 ? false : isLetterOrDigit(c);
}

/** Char kinds for the keyword walk: {@link isLetterOrDigit}, a–z, A–Z as bits; a table for Latin-1. */
const KIND_WORD = 1;
const KIND_LOWER = 2;
const KIND_UPPER = 4;
const LATIN1_KIND = new Uint8Array(256);
for (let c = 0; c < 256; c++) {
  LATIN1_KIND[c] = (isLetterOrDigit(c) ? KIND_WORD : 0) | (c >= 97 && c <= 122 ? KIND_LOWER : 0) | (c >= 65 && c <= 90 ? KIND_UPPER : 0);
}
function kindOf(c: number): number {
  return c < 256 ? LATIN1_KIND[c]! : isLetterOrDigit(c) ? KIND_WORD : 0;
}

const ENCODER = new TextEncoder();
function utf8Escaped(s: string): string {
  return [...ENCODER.encode(s)].map((b) => `\\x${b.toString(16).padStart(2, '0')}`).join('');
}
/**
 * One character of a keyword as a pattern over UTF-8 bytes read one byte per char. It matches
 * exactly what the case-insensitive (non-Unicode) text regex matches: the lower- and upper-case
 * forms. (The `i` flag cannot be used on bytes: it would fold 'Ã' (C3, the lead byte of å/ä/ö)
 * with 'ã' (E3).)
 */
function utf8CharPattern(ch: string): string {
  const upper = ch.toUpperCase();
  if (upper === ch || upper.length !== 1 || upper.toLowerCase() !== ch) return utf8Escaped(ch);
  if (ch.charCodeAt(0) < 128) return `[${ch}${upper}]`;
  return `(?:${utf8Escaped(ch)}|${utf8Escaped(upper)})`;
}
function utf8KeywordPattern(keyword: string): string {
  return [...keyword].map(utf8CharPattern).join('');
}
/**
 * Finds keywords starting in [from, to) and appends them to `into` (absolute offsets). Only word
 * starts (and camelCase parts) are tried; there the keyword trie gives the longest keyword.
 */
function matchKeywords(text: string, from: number, to: number, into: KeywordHit[], utf8: boolean): void {
  if (utf8) {
    matchKeywordsUtf8(text, from, to, into);
    return;
  }
  let previousKind = from > 0 ? kindOf(text.charCodeAt(from - 1)) : 0;
  for (let k = from; k < to; k++) {
    const c = text.charCodeAt(k);
    const kind = c < 256 ? LATIN1_KIND[c]! : kindOf(c);
    const beforeKind = previousKind;
    previousKind = kind;
    if ((kind & KIND_WORD) === 0) continue;
    // Inside a word, only a camelCase part can start a keyword (`customerPnr`).
    if ((beforeKind & KIND_WORD) !== 0 && ((beforeKind & KIND_LOWER) === 0 || (kind & KIND_UPPER) === 0)) continue;
    const index = TRIE.matchText(text, k);
    if (index < 0) continue;
    const entry = TRIE.entries[index]!;
    const keywordEnd = TRIE.keywordEnd;
    const end = TRIE.suffixEnd;
    if (!acceptsSuffix(entry, text, keywordEnd, end)) continue;
    const keyword = end === keywordEnd ? entry.key : entry.key + text.slice(keywordEnd, end).toLowerCase();
    into.push({ start: k, end, role: entry.role, keyword });
    k = end - 1;
    previousKind = kindOf(text.charCodeAt(k));
  }
}

/**
 * What `acceptKeyword` decides for a trie match: the keyword must end a word unless it is a stem,
 * ends in punctuation, continues camelCase (`orderId`), or takes an inflection (five letters or more).
 * `text` may be decoded text or UTF-8 bytes: the checks read ASCII only (an inflection is ASCII).
 */
function acceptsSuffix(entry: KeywordEntry, text: string, keywordEnd: number, end: number): boolean {
  if (entry.stem || end === keywordEnd || entry.endsInPunctuation) return true;
  const first = text.charCodeAt(keywordEnd);
  const last = text.charCodeAt(keywordEnd - 1);
  if (first >= 65 && first <= 90 && last >= 97 && last <= 122) return true;
  return entry.key.length >= 5 && end - keywordEnd <= 3 && INFLECTIONS.has(text.slice(keywordEnd, end).toLowerCase());
}

/** {@link matchKeywords} over UTF-8 bytes, character by character; hits get byte and UTF-16 offsets. */
function matchKeywordsUtf8(text: string, from: number, to: number, into: KeywordHit[]): void {
  let previousKind = from > 0 ? kindOf(utf8UnitBefore(text, from)) : 0;
  let k = from;
  while (k < to) {
    const b = text.charCodeAt(k);
    let width = 1;
    let kind: number;
    if (b < 0x80) {
      kind = LATIN1_KIND[b]!;
    } else {
      width = utf8WidthAt(text, k);
      // A four-byte character is two surrogates in decoded text: neither is a letter.
      kind = width === 4 ? 0 : kindOf(utf8UnitAt(text, k));
    }
    const beforeKind = previousKind;
    previousKind = kind;
    if ((kind & KIND_WORD) === 0 || ((beforeKind & KIND_WORD) !== 0 && ((beforeKind & KIND_LOWER) === 0 || (kind & KIND_UPPER) === 0))) {
      k += width;
      continue;
    }
    const index = TRIE.matchBytes(text, k);
    if (index < 0) {
      k += width;
      continue;
    }
    const entry = TRIE.entries[index]!;
    const keywordEnd = TRIE.keywordEnd;
    const end = TRIE.suffixEnd;
    if (!acceptsSuffix(entry, text, keywordEnd, end)) {
      k += width;
      continue;
    }
    const keyword = end === keywordEnd ? entry.key : entry.key + decodeUtf8ByteString(text, keywordEnd, end).toLowerCase();
    into.push({ start: k, end, role: entry.role, keyword });
    k = end;
    previousKind = kindOf(utf8UnitBefore(text, end));
  }
}

/** Keyword hits of a whole short string (the per-call context). */
function keywordsOf(text: string, from = 0, to = text.length, utf8 = false): KeywordHit[] {
  const hits: KeywordHit[] = [];
  matchKeywords(text, from, to, hits, utf8);
  return hits;
}

/** Lazily built, monotonic keyword index over one text. */
class KeywordIndex {
  readonly hits: KeywordHit[] = [];
  /** Every keyword starting before this offset is in `hits`. */
  scannedTo = 0;
  constructor(
    private readonly text: string,
    private readonly utf8: boolean,
  ) {}

  /** Makes sure every keyword starting in [from, to) is in `hits`. */
  cover(from: number, to: number): void {
    const end = Math.min(this.text.length, to);
    if (end <= this.scannedTo) return;
    matchKeywords(this.text, Math.max(from, this.scannedTo, 0), end, this.hits, this.utf8);
    this.scannedTo = end;
  }
}

/**
 * Keywords that matter at a distance — identity, interim and organisation words — in one
 * case-insensitive regex. Irregexp scans for them several times faster than the character loop of
 * {@link matchKeywords}, so the wide ±300-character windows use this and only the 40-character
 * label windows read every word.
 */
const NEAR_KEYWORDS = [...MATCHER.entries]
  .filter(([, e]) => e.role !== 'other')
  .map(([k]) => k)
  .sort((a, b) => b.length - a.length);
const NEAR_REGEX = new RegExp(`(?:${NEAR_KEYWORDS.map((k) => k.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|')})`, 'gi');
/** {@link NEAR_REGEX} over UTF-8 bytes. */
const NEAR_REGEX_UTF8 = new RegExp(`(?:${NEAR_KEYWORDS.map(utf8KeywordPattern).join('|')})`, 'g');

/** Longest suffix read after a stem (inflections and compounds are short). */
const MAX_SUFFIX = 24;

/** Monotonic index of the distance keywords over one text, built window by window. */
class NearKeywordIndex {
  readonly hits: KeywordHit[] = [];
  private scannedTo = 0;
  constructor(
    private readonly text: string,
    private readonly utf8: boolean,
  ) {}

  cover(from: number, to: number): void {
    const text = this.text;
    const utf8 = this.utf8;
    const end = Math.min(text.length, to);
    if (end <= this.scannedTo) return;
    const start = Math.max(from, this.scannedTo, 0);
    const slice = text.slice(start, end);
    const regex = utf8 ? NEAR_REGEX_UTF8 : NEAR_REGEX;
    regex.lastIndex = 0;
    let m: RegExpExecArray | null;
    while ((m = regex.exec(slice)) !== null) {
      const at = start + m.index;
      const matched = m[0];
      if (at > 0) {
        const before = utf8 ? utf8UnitBefore(text, at) : text.charCodeAt(at - 1);
        const first = matched.charCodeAt(0);
        if (isLetterOrDigit(before) && !(before >= 97 && before <= 122 && first >= 65 && first <= 90)) continue;
      }
      let e = at + matched.length;
      let written = matched;
      let suffix: string;
      if (!utf8) {
        const suffixEnd = Math.min(text.length, e + MAX_SUFFIX);
        while (e < suffixEnd && isLetter(text.charCodeAt(e))) e++;
        suffix = text.slice(at + matched.length, e);
      } else {
        // Letters are one UTF-16 unit each, so MAX_SUFFIX letters is MAX_SUFFIX units.
        for (let count = 0; count < MAX_SUFFIX && e < text.length && isLetter(utf8UnitAt(text, e)); count++) e += utf8WidthAt(text, e);
        written = decodeUtf8ByteString(matched);
        suffix = decodeUtf8ByteString(text, at + matched.length, e);
      }
      const keyword = written.toLowerCase();
      const entry = MATCHER.entries.get(keyword);
      if (!acceptKeyword(entry, keyword, suffix, written)) continue;
      this.hits.push({ start: at, end: e, role: entry!.role, keyword: keyword + suffix.toLowerCase() });
    }
    this.scannedTo = end;
  }
}

const DELIMITERS = [9, 59, 124, 44]; // tab ; | ,

/**
 * A table header row near the top of the text (`Namn;Personnummer;…`, `| Namn | Pnr |`, or an
 * aligned fixed-width header) whose column names are keywords. Values in a column named by a
 * positive keyword get it as label; a column named by a negative one (`Dnr`, `Telefon`) lowers them.
 */
interface ColumnHeader {
  /** Delimiter character code, or -1 for an aligned table. */
  readonly delimiter: number;
  /** Delimited: column index → keyword naming that column. */
  readonly byColumn: ReadonlyMap<number, KeywordHit>;
  /** Aligned: keyword hits with offsets relative to the header line start. */
  readonly aligned: readonly KeywordHit[];
  /** First offset after the header line. */
  readonly bodyStart: number;
}

/** Longest header line and header cell that still look like a table header rather than prose. */
const MAX_HEADER_LINE = 512;
const MAX_HEADER_CELL = 40;

function countCode(text: string, from: number, to: number, code: number): number {
  let count = 0;
  for (let k = from; k < to; k++) if (text.charCodeAt(k) === code) count++;
  return count;
}

/** Number of runs of `code` (consecutive delimiters count once). */
function countRuns(text: string, from: number, to: number, code: number): number {
  let runs = 0;
  for (let k = from; k < to; k++) if (text.charCodeAt(k) === code && text.charCodeAt(k - 1) !== code) runs++;
  return runs;
}


/**
 * Finds the first table header in the first 8 KB: a short line of short cells, split by a
 * delimiter that the next line uses as often (or aligned by runs of spaces, like the next line),
 * with at least one keyword among the cells. Prose with commas is not a header.
 */
function findColumnHeader(text: string, utf8: boolean): ColumnHeader | undefined {
  const view = new HeaderView(text, utf8);
  const triggers = new HeaderTriggers(text, view.regionEnd);
  let lineStart = 0;
  for (;;) {
    // Only a line that {@link mayBeHeaderLine} can be a header: go straight to the next such line.
    const trigger = triggers.next(lineStart);
    if (view.atOrAfterLimit(trigger)) return undefined;
    lineStart = text.lastIndexOf('\n', trigger - 1) + 1;
    const lineEnd = view.lineEnd(lineStart);
    const header = view.unitLength(lineStart, lineEnd, MAX_HEADER_LINE) <= MAX_HEADER_LINE ? headerAt(view, lineStart, lineEnd) : undefined;
    if (header !== undefined) return header;
    lineStart = lineEnd + 1;
  }
}

/**
 * Finds, with native `indexOf` over the header search region, the characters that make a line a
 * possible header ({@link mayBeHeaderLine}): a tab, `;`, `|`, two spaces in a row, or a comma that
 * is the second on its line. Cheaper than reading every line of the first 8 KB char by char.
 */
class HeaderTriggers {
  private readonly region: string;
  /** Next position (≥ the last query) of each single trigger, or Infinity; -1 = not searched yet. */
  private readonly nextAt = [-1, -1, -1, -1];
  private static readonly NEEDLES = ['\t', ';', '|', '  '];
  private secondComma = -1;

  constructor(text: string, limit: number) {
    this.region = text.slice(0, limit);
  }

  private find(needle: string, from: number): number {
    const at = this.region.indexOf(needle, from);
    return at === -1 ? Infinity : at;
  }

  /** The first trigger at or after `from` (a line start), or Infinity. */
  next(from: number): number {
    let first = Infinity;
    for (let i = 0; i < 4; i++) {
      if (this.nextAt[i]! < from) this.nextAt[i] = this.find(HeaderTriggers.NEEDLES[i]!, from);
      first = Math.min(first, this.nextAt[i]!);
    }
    if (this.secondComma < from) {
      // Walk comma pairs until two share a line.
      let comma = this.find(',', from);
      this.secondComma = Infinity;
      while (comma !== Infinity) {
        const following = this.find(',', comma + 1);
        if (following === Infinity) break;
        const newline = this.region.indexOf('\n', comma + 1);
        if (newline === -1 || newline > following) {
          this.secondComma = following;
          break;
        }
        comma = following;
      }
    }
    return Math.min(first, this.secondComma);
  }
}

/**
 * The text as the header search reads it: the first {@link HEADER_SEARCH} UTF-16 units. In the byte
 * form the offset of that limit is found only when a line reaches past 8192 bytes (before that,
 * bytes ≥ units), and lengths are counted only when the byte length leaves them in doubt.
 */
class HeaderView {
  /** Text offset of the limit, once known. */
  private limit: number;
  /** The limit falls between the halves of a four-byte character (then `limit` is after it). */
  private limitSplit = false;
  /** Where triggers are looked for: the limit, or an offset surely past it. */
  readonly regionEnd: number;

  constructor(
    readonly text: string,
    readonly utf8: boolean,
  ) {
    const n = text.length;
    this.limit = !utf8 || n <= HEADER_SEARCH ? Math.min(n, HEADER_SEARCH) : -1;
    // A UTF-16 unit takes at most three bytes.
    this.regionEnd = this.limit >= 0 ? this.limit : Math.min(n, 3 * HEADER_SEARCH);
  }

  private exactLimit(): number {
    if (this.limit < 0) {
      this.limit = utf8Forward(this.text, 0, HEADER_SEARCH, true);
      this.limitSplit = utf8Forward(this.text, 0, HEADER_SEARCH, false) !== this.limit;
    }
    return this.limit;
  }

  /** `offset` (a character boundary or the region end) is at or past the limit. */
  atOrAfterLimit(offset: number): boolean {
    if (offset < HEADER_SEARCH) return offset >= this.text.length;
    return offset >= this.regionEnd || offset >= this.exactLimit();
  }

  /** End of the line starting at `from`, cut at the limit. */
  lineEnd(from: number): number {
    const nl = this.text.indexOf('\n', from);
    if (nl !== -1 && nl < HEADER_SEARCH) return nl;
    const limit = this.exactLimit();
    return nl === -1 || nl > limit ? limit : nl;
  }

  /** UTF-16 length of `[from, to)` (`to` a line end, possibly the limit), exact up to `cap`, else more than `cap`. */
  unitLength(from: number, to: number, cap: number): number {
    if (!this.utf8) return to - from;
    // Counted one past `cap`, so that the adjustment below still leaves a long line above `cap`.
    const units = utf8UnitsUpTo(this.text, from, to, cap + 1);
    // Decoded text cuts a four-byte character at the limit in half.
    return to === this.limit && this.limitSplit ? units - 1 : units;
  }

  /** The decoded text of `[from, to)`. */
  decoded(from: number, to: number): string {
    return this.utf8 ? decodeUtf8ByteString(this.text, from, to) : this.text.slice(from, to);
  }
}

/** A header cell that is just `ID` (any case, quotes and padding aside). */
function isGenericIdCell(cell: string): boolean {
  return /^[\s"'|]*id[\s"'|]*$/i.test(cell);
}

function genericIdHit(): KeywordHit {
  return { start: 0, end: 0, role: 'person', keyword: 'id', generic: true };
}

/**
 * Cheap necessary condition for a header line, checked before its keywords are looked up (most lines
 * are prose): a delimiter of {@link DELIMITERS} (two commas) or a run of two spaces for an aligned table.
 */
function mayBeHeaderLine(text: string, from: number, to: number): boolean {
  let commas = 0;
  for (let k = from; k < to; k++) {
    const c = text.charCodeAt(k);
    if (c === 9 || c === 59 || c === 124 || (c === 32 && text.charCodeAt(k + 1) === 32 && k + 1 < to)) return true;
    if (c === 44 && ++commas >= 2) return true;
  }
  return false;
}

function headerAt(view: HeaderView, lineStart: number, lineEnd: number): ColumnHeader | undefined {
  const text = view.text;
  if (view.atOrAfterLimit(lineEnd)) return undefined;
  const nextStart = lineEnd + 1;
  const nextEnd = view.lineEnd(nextStart);
  if (view.unitLength(nextStart, nextEnd, 2) < 2 || !mayBeHeaderLine(text, lineStart, lineEnd)) return undefined;
  const hits = keywordsOf(text, lineStart, lineEnd, view.utf8);
  if (hits.length === 0) return undefined;
  for (const d of DELIMITERS) {
    const count = countCode(text, lineStart, lineEnd, d);
    if (count < (d === 44 ? 2 : 1)) continue;
    const nextCount = countCode(text, nextStart, nextEnd, d);
    // Headers are sometimes padded with extra tabs to line up on screen ("Dnr\t\tInkom"):
    // then a run of delimiters in the header is one column break.
    const runs = countRuns(text, lineStart, lineEnd, d);
    const collapse = nextCount !== count && nextCount === runs;
    if (d === 44 ? nextCount < count : nextCount !== count && !collapse) continue;
    const cells = view.decoded(lineStart, lineEnd).split(String.fromCharCode(d));
    if (cells.some((cell) => cell.trim().length > MAX_HEADER_CELL)) continue;
    const byColumn = new Map<number, KeywordHit>();
    let column = 0;
    let h = 0;
    for (let k = lineStart; k < lineEnd && h < hits.length; k++) {
      while (h < hits.length && hits[h]!.start === k) byColumn.set(column, hits[h++]!);
      if (text.charCodeAt(k) === d && !(collapse && text.charCodeAt(k + 1) === d)) column++;
    }
    cells.forEach((cell, column) => {
      if (!byColumn.has(column) && isGenericIdCell(cell)) byColumn.set(column, genericIdHit());
    });
    return { delimiter: d, byColumn, aligned: [], bodyStart: nextStart };
  }
  // Aligned (fixed-width): both lines have at least two gaps of two or more spaces.
  const gaps = (from: number, to: number): number => view.decoded(from, to).match(/\S {2,}\S/g)?.length ?? 0;
  if (gaps(lineStart, lineEnd) >= 2 && gaps(nextStart, nextEnd) >= 2) {
    // Aligned hits hold UTF-16 offsets relative to the line start (columns of the decoded line).
    const column = (offset: number): number => (view.utf8 ? utf8UnitsBetween(text, lineStart, offset) : offset - lineStart);
    const aligned: KeywordHit[] = hits.map((hit) => ({ ...hit, start: column(hit.start), end: column(hit.end) }));
    for (const m of view.decoded(lineStart, lineEnd).matchAll(/(?<![\p{L}\p{N}])ID(?![\p{L}\p{N}])/gu)) {
      aligned.push({ ...genericIdHit(), start: m.index, end: m.index + 2 });
    }
    return { delimiter: -1, byColumn: new Map(), aligned, bodyStart: nextStart };
  }
  return undefined;
}

/** Tracks the line and column of increasing offsets in a table, reading each character once. */
class ColumnTracker {
  private pos = 0;
  private lineStart = 0;
  private column = 0;
  private ended = false;
  constructor(
    private readonly text: string,
    private readonly header: ColumnHeader,
    private readonly utf8: boolean,
  ) {
    this.pos = header.bodyStart;
    this.lineStart = header.bodyStart;
  }

  /** `[from, to)` is more than `limit` UTF-16 units long (a byte range is at least as long in bytes). */
  private longerThan(from: number, to: number, limit: number): boolean {
    if (to - from <= limit) return false;
    return !this.utf8 || utf8UnitsUpTo(this.text, from, to, limit) > limit;
  }

  /** Only spaces and quotes stand between the value and its cell's delimiters (or line ends). */
  private fillsCell(at: number, end: number): boolean {
    const { text, header } = this;
    for (let k = at - 1; k >= this.lineStart; k--) {
      const c = text.charCodeAt(k);
      if (c === header.delimiter) break;
      if (c !== 32 && c !== 34 && c !== 39) return false;
    }
    const stop = Math.min(text.length, end + MAX_HEADER_CELL);
    for (let k = end; k < stop; k++) {
      const c = text.charCodeAt(k);
      if (c === header.delimiter || c === 10 || c === 13) return true;
      if (c !== 32 && c !== 34 && c !== 39) return false;
    }
    return end + MAX_HEADER_CELL >= text.length;
  }

  /** The header keyword naming the column of the value at [at, end) (offsets never decrease). */
  columnKeyword(at: number, end: number): KeywordHit | undefined {
    const { text, header } = this;
    if (this.ended || at < header.bodyStart) return undefined;
    if (this.longerThan(this.pos, at, MAX_LINE_PREFIX)) {
      // Far jump: restart at the line start instead of reading everything in between.
      this.pos = this.lineStart = text.lastIndexOf('\n', at - 1) + 1;
      this.column = 0;
      if (this.longerThan(this.lineStart, at, MAX_LINE_PREFIX)) return undefined;
    }
    for (; this.pos < at; this.pos++) {
      const c = text.charCodeAt(this.pos);
      if (c === 10) {
        // A blank line ends the table.
        if (this.pos === this.lineStart || (this.pos === this.lineStart + 1 && text.charCodeAt(this.lineStart) === 13)) {
          this.ended = true;
          return undefined;
        }
        this.lineStart = this.pos + 1;
        this.column = 0;
      } else if (c === header.delimiter) {
        this.column++;
      }
    }
    if (header.delimiter !== -1) {
      // The header names the cell; it labels the number only when the number fills the cell.
      return this.fillsCell(at, end) ? header.byColumn.get(this.column) : undefined;
    }
    // Aligned: the value overlaps the header word's columns.
    const offset = this.utf8 ? utf8UnitsBetween(text, this.lineStart, at) : at - this.lineStart;
    const width = this.utf8 ? utf8UnitsBetween(text, at, end) : end - at;
    return header.aligned.find((hit) => offset < hit.end && hit.start < offset + width);
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
 * A negative keyword is a label only when it directly names the number: between them stand only
 * punctuation, digits, spaces and at most one short word (`Tel. nr 070…`, `Kundnr: 123`), not a
 * sentence (`Ärendet gäller Anna Berg, 640823-3234`).
 */
function isDirectLabel(text: string, from: number, to: number, utf8Bytes: boolean): boolean {
  let words = 0;
  let wordLength = 0;
  for (let k = from; k < to; k += utf8Bytes ? utf8WidthAt(text, k) : 1) {
    if (isLetter(utf8Bytes ? utf8UnitAt(text, k) : text.charCodeAt(k))) {
      if (wordLength === 0) words++;
      wordLength++;
      if (words > 1 || wordLength > 3) return false;
    } else {
      wordLength = 0;
    }
  }
  return true;
}

/** Per shape class: offsets of personal candidates, for valid-list density. */
function validOffsetsByClass(candidates: readonly Candidate[]): number[][] {
  const out: number[][] = Array.from({ length: SHAPE_CLASS_COUNT }, () => []);
  for (const c of candidates) if (c.personal && c.type !== 'PARTIAL_PERSONNUMMER') out[SHAPE_CLASS[c.shape]]!.push(c.start);
  return out;
}

/** Counts offsets in [lo, hi) of one sorted array with a cursor that only moves forward. */
const LIST_NONE = 0;
const LIST_LOOKALIKE = 1;
const LIST_LOOKALIKE_STRONG = 2;
const LIST_VALID = 3;

/**
 * What the same-shape neighbours within ±{@link SCORING.listWindow} characters say: `rejected` failed
 * look-alikes and `valid` other valid numbers.
 */
function listOutcome(rejected: number, valid: number, positivelyLabelled: boolean, negativelyLabelled: boolean): number {
  // An explicit label outweighs the statistics of the neighbourhood (other columns of a table).
  if (!positivelyLabelled && rejected >= SCORING.lookalikeMinRejected && rejected > valid + 1) {
    return rejected >= 2 * (valid + 1) ? LIST_LOOKALIKE_STRONG : LIST_LOOKALIKE;
  }
  if (!negativelyLabelled && valid >= SCORING.validListMin && rejected * 4 <= valid + 1) return LIST_VALID;
  return LIST_NONE;
}

/**
 * Counts same-shape neighbours of each candidate. In decoded text the window is exact at once. In
 * the byte form, a window of 1000 bytes lies surely inside the 1000 units and one of 3000 bytes
 * surely contains them; only when the outcome differs between those counts are the exact ends found
 * by walking 1000 characters each way.
 */
class ListCounts {
  private readonly inner: { rejected: WindowCounter[]; valid: WindowCounter[] };
  private readonly outer: { rejected: WindowCounter[]; valid: WindowCounter[] } | undefined;
  constructor(
    private readonly rejected: readonly number[][],
    private readonly valid: readonly number[][],
    private readonly walker: Utf8Walker | undefined,
  ) {
    const utf8 = walker !== undefined;
    const counters = (): { rejected: WindowCounter[]; valid: WindowCounter[] } => ({
      rejected: rejected.map((r) => new WindowCounter(r)),
      valid: valid.map((v) => new WindowCounter(v)),
    });
    this.inner = counters();
    this.outer = utf8 ? counters() : undefined;
  }

  outcome(c: Candidate, positivelyLabelled: boolean, negativelyLabelled: boolean): number {
    const cls = SHAPE_CLASS[c.shape];
    const w = SCORING.listWindow;
    const inner = this.inner;
    const rejectedIn = inner.rejected[cls]!.count(c.start - w, c.end + w);
    const validIn = inner.valid[cls]!.count(c.start - w, c.end + w) - 1; // not counting this one
    const decided = listOutcome(rejectedIn, validIn, positivelyLabelled, negativelyLabelled);
    const walker = this.walker;
    if (walker === undefined) return decided;
    const outer = this.outer!;
    const rejectedOut = outer.rejected[cls]!.count(c.start - 3 * w, c.end + 3 * w);
    const validOut = outer.valid[cls]!.count(c.start - 3 * w, c.end + 3 * w) - 1;
    if (rejectedOut === rejectedIn && validOut === validIn) return decided;
    if ((rejectedOut - rejectedIn + 1) * (validOut - validIn + 1) <= 64) {
      let same = true;
      for (let r = rejectedIn; r <= rejectedOut && same; r++) {
        for (let v = validIn; v <= validOut && same; v++) same = listOutcome(r, v, positivelyLabelled, negativelyLabelled) === decided;
      }
      if (same) return decided;
    }
    // Walk only to the side(s) where the byte windows disagree.
    const rejected = this.rejected[cls]!;
    const valid = this.valid[cls]!;
    const between = (lo: number, hi: number): number => countBetween(rejected, lo, hi) + countBetween(valid, lo, hi);
    const lo = between(c.start - 3 * w, c.start - w) === 0 ? c.start - w : walker.back(c.start, w);
    const hi = between(c.end + w, c.end + 3 * w) === 0 ? c.end + w : walker.forward(c.end, w, true);
    return listOutcome(countBetween(rejected, lo, hi), countBetween(valid, lo, hi) - 1, positivelyLabelled, negativelyLabelled);
  }
}

/** Number of offsets in [lo, hi) of a sorted array (binary search). */
function countBetween(sorted: readonly number[], lo: number, hi: number): number {
  const firstAtOrAfter = (x: number): number => {
    let a = 0;
    let b = sorted.length;
    while (a < b) {
      const mid = (a + b) >> 1;
      if (sorted[mid]! < x) a = mid + 1;
      else b = mid;
    }
    return a;
  };
  return hi <= lo ? 0 : firstAtOrAfter(hi) - firstAtOrAfter(lo);
}

class WindowCounter {
  private lo = 0;
  private hi = 0;
  constructor(private readonly offsets: readonly number[]) {}
  count(lo: number, hi: number): number {
    const o = this.offsets;
    while (this.lo < o.length && o[this.lo]! < lo) this.lo++;
    if (this.hi < this.lo) this.hi = this.lo;
    while (this.hi < o.length && o[this.hi]! < hi) this.hi++;
    return this.hi - this.lo;
  }
}

/**
 * Scores the candidates of one text. `context` is the caller's label for the whole text.
 */
export function scoreCandidates(
  text: string,
  scan: ScanResult,
  context: string | undefined,
  utf8 = false,
): CandidateScores {
  // Windows are measured in UTF-16 units of the decoded text. In the byte form their ends are found
  // by walking from the number (a unit takes one to three bytes), never by mapping the whole text.
  const labels = new KeywordIndex(text, utf8);
  const near = new NearKeywordIndex(text, utf8);
  let labelLo = 0;
  const contextHits = context === undefined || context === '' ? [] : keywordsOf(context);
  const contextHit = contextHits[contextHits.length - 1];
  const { rejected, candidates } = scan;
  const header = findColumnHeader(text, utf8);
  const columns = header === undefined ? undefined : new ColumnTracker(text, header, utf8);
  const valid = validOffsetsByClass(candidates);
  const walker = utf8 ? new Utf8Walker(text) : undefined;
  const list = new ListCounts(rejected, valid, walker);
  const scores = new Float64Array(candidates.length);
  const allEvidence: (readonly Evidence[])[] = [];
  let hitLo = 0;

  for (let ci = 0; ci < candidates.length; ci++) {
    const c = candidates[ci]!;
    const evidence: Evidence[] = c.centuryInferred ? [EVIDENCE.centuryInferred] : [];
    let score = baseScore(c, evidence);

    // Label: the nearest keyword ending ≤ 40 chars before the number on the same line (every keyword).
    if (labels.scannedTo < c.start) {
      const window = SCORING.labelWindow + LONGEST_LABEL;
      labels.cover(utf8 ? utf8Back(text, c.start, window, Math.max(0, labels.scannedTo)) : c.start - window, c.start);
    }
    const labelHits = labels.hits;
    let label: KeywordHit | undefined;
    // A unit takes at most three bytes: hits ending further back than that cannot be labels.
    if (labelLo < labelHits.length && labelHits[labelHits.length - 1]!.end >= c.start - 3 * SCORING.labelWindow) {
      const labelFrom = utf8 ? utf8Back(text, c.start, SCORING.labelWindow) : c.start - SCORING.labelWindow;
      while (labelLo < labelHits.length && labelHits[labelLo]!.end < labelFrom) labelLo++;
      for (let h = labelLo; h < labelHits.length; h++) {
        const hit = labelHits[h]!;
        if (hit.end > c.start) break;
        if (!hasLineBreak(text, hit.end, c.start)) {
          // Hits are in order, so the last one is the nearest. Negative words must name the number directly.
          if (isPositiveForPerson(hit.role) || isDirectLabel(text, hit.end, c.start, utf8)) label = hit;
        }
      }
    }
    let labelSource = label;
    let labelCode: LabelCode = 'keyword-label';
    const columnKeyword = labelSource === undefined ? columns?.columnKeyword(c.start, c.end) : undefined;
    if (columnKeyword !== undefined) {
      labelSource = columnKeyword;
      labelCode = 'column-header';
    }
    if (labelSource === undefined && contextHit !== undefined) {
      labelSource = contextHit;
      labelCode = 'context-label';
    }
    // Nearby: identity/interim/organisation keywords within 300 characters either side — read only
    // when a label does not already decide the context (most labelled numbers skip the wide window).
    let nearPositive: KeywordHit | undefined;
    let nearInterim: KeywordHit | undefined;
    let nearOrganisation: KeywordHit | undefined;
    if (needsNearKeywords(c, labelSource)) {
      const nearFrom = walker !== undefined ? walker.back(c.start, SCORING.nearWindow) : c.start - SCORING.nearWindow;
      // The window's end; a hit starting after `nearLast` is outside (they differ only when the end
      // falls inside a four-byte character).
      const nearTo = walker !== undefined ? walker.forward(c.end, SCORING.nearWindow, true) : c.end + SCORING.nearWindow;
      const nearLast = walker !== undefined ? walker.forward(c.end, SCORING.nearWindow, false) : nearTo;
      near.cover(nearFrom, nearTo);
      const hits = near.hits;
      while (hitLo < hits.length && hits[hitLo]!.end < nearFrom) hitLo++;
      for (let h = hitLo; h < hits.length; h++) {
        const hit = hits[h]!;
        if (hit.start > nearLast) break;
        if (isPositiveForPerson(hit.role)) nearPositive ??= hit;
        if (hit.role === 'interim') nearInterim ??= hit;
        if (hit.role === 'organisation') nearOrganisation ??= hit;
      }
    }
    score += contextScore(c, labelSource, labelCode, nearPositive, nearInterim, nearOrganisation, evidence);

    if (c.personkonto && c.personal) {
      evidence.push(EVIDENCE.personkonto);
      score += SCORING.personkonto;
    }

    const positivelyLabelled =
      c.personkonto || (labelSource !== undefined && isPositiveForPerson(labelSource.role) && labelSource.generic !== true);
    // A number named as something else (`<Referens>`, `last_order:`) is not rescued by a register nearby.
    const negativelyLabelled = labelSource !== undefined && !isPositiveForPerson(labelSource.role) && c.shape !== 'vat' && !c.personkonto;
    if (c.personal && c.type !== 'PARTIAL_PERSONNUMMER') {
      // Same-shape neighbours: a list of failed look-alikes lowers, a register of valid numbers raises.
      const outcome = list.outcome(c, positivelyLabelled, negativelyLabelled);
      if (outcome === LIST_LOOKALIKE || outcome === LIST_LOOKALIKE_STRONG) {
        const strong = outcome === LIST_LOOKALIKE_STRONG;
        evidence.push(strong ? EVIDENCE.lookalikeStrong : EVIDENCE.lookalike);
        score += strong ? SCORING.lookalikeStrong : SCORING.lookalike;
      } else if (outcome === LIST_VALID) {
        evidence.push(EVIDENCE.validList);
        score += SCORING.validList;
      }
    }

    if (c.futureDate) {
      evidence.push(EVIDENCE.futureDate);
      score = Math.min(score + SCORING.futureDate, SCORING.futureDateCap);
    }
    scores[ci] = Math.round(Math.max(0, Math.min(SCORING.cap, score)) * 1000) / 1000;
    allEvidence.push(internEvidence(evidence));
  }
  return { scores, evidence: allEvidence };
}

type LabelCode = 'keyword-label' | 'context-label' | 'column-header';

/** Whether the ±300 window can still change the score, given the label (see {@link contextScore}). */
function needsNearKeywords(c: Candidate, label: KeywordHit | undefined): boolean {
  if (label === undefined) return true;
  switch (c.type) {
    case 'ORGANISATIONSNUMMER':
      return label.role !== 'organisation';
    case 'INTERIM_NUMBER':
      return label.role !== 'interim';
    case 'PARTIAL_PERSONNUMMER':
      return !isPositiveForPerson(label.role);
    default:
      // A positive label returns early; so does a negative one, unless the number is a VAT number
      // or personkonto (which ignore negative labels and may still get the nearby bonus).
      return label.generic !== true && !isPositiveForPerson(label.role) && (c.shape === 'vat' || c.personkonto);
  }
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
    evidence.push(EVIDENCE.form[c.shape]);
    score += shapeDelta;
  }
  if (c.type === 'SAMORDNINGSNUMMER') {
    evidence.push(EVIDENCE.samordningsnummer);
    score += SCORING.samordningsnummer;
  }
  if (c.phoneLike) {
    evidence.push(EVIDENCE.phoneLike);
    score += SCORING.phoneLike;
  }
  if (c.timeLike && c.shape === 'long') {
    evidence.push(EVIDENCE.timestampLike);
    score += SCORING.timeLike;
  }
  return score;
}

function contextScore(
  c: Candidate,
  label: KeywordHit | undefined,
  labelCode: LabelCode,
  nearPositive: KeywordHit | undefined,
  nearInterim: KeywordHit | undefined,
  nearOrganisation: KeywordHit | undefined,
  evidence: Evidence[],
): number {
  const add = (code: string, delta: number, hit: KeywordHit): number => {
    let e = hit.cached;
    if (e === undefined || e.code !== code || e.delta !== delta) e = hit.cached = withDetail(code, delta, hit.keyword);
    evidence.push(e);
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
    if (label.generic === true) return add('generic-column-header', SCORING.genericColumnHeader, label);
    if (isPositiveForPerson(label.role)) return add(labelCode, labelCode === 'column-header' ? SCORING.columnHeader : SCORING.label, label);
    // VAT numbers and personkonto carry their own label (VAT, Kontonr); the number is still personal.
    if (c.shape !== 'vat' && !c.personkonto) {
      const code = labelCode === 'keyword-label' ? 'negative-context' : labelCode === 'column-header' ? 'negative-column-header' : 'negative-context-label';
      // A word that names the number as something else outweighs identity keywords further away.
      return add(code, SCORING.negativeLabel, label);
    }
  }
  if (nearPositive !== undefined) delta += add('keyword-near', SCORING.near, nearPositive);
  return delta;
}
