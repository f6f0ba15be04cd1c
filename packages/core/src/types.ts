/**
 * The kinds of entity gallra reports. Swedish legal terms stay Swedish.
 * `ORGANISATIONSNUMMER` is classified so that it can suppress person findings; it is not personal data.
 */
export type EntityType =
  | 'PERSONNUMMER'
  | 'SAMORDNINGSNUMMER'
  | 'INTERIM_NUMBER'
  | 'PARTIAL_PERSONNUMMER'
  | 'ORGANISATIONSNUMMER';

/** Confidence level derived from {@link Finding.score} in one place: see `confidenceOf`. */
export type Confidence = 'high' | 'medium' | 'low';

/** One reason that moved a finding's score, and by how much. */
export interface Evidence {
  /** Stable machine code, e.g. `keyword`, `negative-context`, `no-separator`. */
  readonly code: string;
  /** Score change this evidence caused (may be negative). */
  readonly delta: number;
  /** Optional non-sensitive detail, e.g. the keyword that matched. Never a matched value. */
  readonly detail?: string;
}

/**
 * A detected entity. Offsets are UTF-16 code-unit indices into exactly the string given to `detect`
 * (byte offsets with `form: 'utf8-bytes'`), half-open `[start, end)`.
 */
export interface Finding {
  readonly type: EntityType;
  /** Id of the detector that produced the finding. */
  readonly detector: string;
  readonly start: number;
  readonly end: number;
  /** 0..1. */
  readonly score: number;
  readonly confidence: Confidence;
  /** Canonical value, e.g. the 12-digit `YYYYMMDDNNNC` form of a personnummer. Sensitive: never print by default. */
  readonly normalized: string;
  /** Display form safe to print, e.g. `19850101-****`. */
  readonly masked: string;
  /** Keyed HMAC-SHA256 (hex) of `normalized`; stable for one key, useless without it. */
  readonly fingerprint: string;
  /** True for Skatteverket's official test numbers (testpersonnummer / testsamordningsnummer). */
  readonly testNumber: boolean;
  /** Whether the entity is personal data (false for organisationsnummer). */
  readonly personal: boolean;
  readonly evidence: readonly Evidence[];
}

/** Options for {@link createDetector} and {@link detect}. */
export interface DetectOptions {
  /** Reference date for century inference and future-date checks. Default: the current time. */
  readonly now?: Date;
  /**
   * Secret key for fingerprints. Without one, a public built-in key is used: such fingerprints are
   * stable but can be reversed by brute force, so applications should always pass their own key.
   */
  readonly fingerprintKey?: string | Uint8Array;
  /** Lowest score reported. Default 0.4 (the `low` threshold). */
  readonly minScore?: number;
  /** Also return non-personal classifications such as organisationsnummer. Default false. */
  readonly includeNonPersonal?: boolean;
  /**
   * Apply a strict calendar check to samordningsnummer too. Default false: month 00, day 60 and
   * impossible dates such as 30 February are accepted, as in Skatteverket's own test numbers
   * (detection spec §1.4 step 7).
   */
  readonly strictSamordningsnummer?: boolean;
}

/** Per-call hints for `Detector.detect`. */
export interface DetectCallOptions {
  /**
   * Text that labels the whole input, such as a spreadsheet column header (`Personnummer`), a form
   * field label or a JSON key. It is read as keyword context standing right before the text: a
   * positive keyword in it raises every finding like an on-line label would, a negative one
   * (`Telefon`, `Kundnr`) lowers them. A keyword inside the text that is nearer to a number wins.
   */
  readonly context?: string;
  /**
   * How `text` is given. `'text'` (default): a decoded string, offsets are UTF-16 indices.
   * `'utf8-bytes'`: UTF-8 bytes read one byte per char (what `Buffer#latin1Slice` returns), so a
   * caller can skip decoding; `start`/`end` of findings are then byte offsets, and every other
   * field of every finding is identical to detecting in the decoded text (keywords with å, ä, ö…
   * are matched in their UTF-8 form). `context` is always a normal string. Only valid UTF-8 is
   * supported in this form: other bytes never throw, but results on them are unspecified.
   * `utf16OffsetOfUtf8Byte` maps a byte offset to the decoded text's offset.
   */
  readonly form?: 'text' | 'utf8-bytes';
}
