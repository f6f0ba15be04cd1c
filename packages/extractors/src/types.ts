import type { Readable } from 'node:stream';
import type { MemberCache } from './dispatch/member-cache.js';

/** Where inside a file (or container member) a segment of text came from. Line numbers are 1-based. */
export type Place =
  | { readonly kind: 'text'; readonly line: number }
  | { readonly kind: 'page'; readonly page: number }
  | {
      readonly kind: 'cell';
      readonly sheet: string;
      /** A1-style reference, e.g. `B7`. */
      readonly cell: string;
      /** Text of the column's header cell (the first text row of the sheet), context for detectors. */
      readonly header?: string;
      /** `comment`: the text is the cell's comment (note), not its value. */
      readonly part?: 'comment';
    }
  | {
      readonly kind: 'paragraph';
      /** Part (zip entry) of the document, e.g. `word/document.xml`, `word/footer1.xml`, `content.xml`. */
      readonly part: string;
      /** 1-based paragraph number within the part, in document order (table cells and text boxes count). */
      readonly index: number;
      /**
       * `original`: the paragraph as it was before tracked changes (deleted text kept, inserted text left
       * out). Reported only when it differs from the current text.
       */
      readonly revision?: 'original';
    }
  | {
      readonly kind: 'slide';
      /** 1-based slide number in presentation order. */
      readonly slide: number;
      /** True for the speaker notes of the slide. */
      readonly notes?: boolean;
    }
  | {
      readonly kind: 'mail';
      /** 1-based number of the message in its file (always 1 for a single message: eml, msg). */
      readonly message: number;
      /**
       * Part of the message: a header (`subject`, `from`, `sender`, `reply-to`, `to`, `cc`, `bcc`), the
       * text body (`body`), the HTML body as text (`body-html`, one line per block; read only when the
       * message has no text body) or an attachment's file name (`attachment`).
       */
      readonly field: string;
      /** 1-based line within the field where this segment starts (long bodies come in several segments); absent: 1. */
      readonly line?: number;
    }
  | { readonly kind: 'metadata'; readonly field: string };

/**
 * How a segment's `text` holds its characters. `utf8-bytes`: the UTF-8 bytes of the text, one byte
 * per char (what `Buffer#toString('latin1')` gives), so offsets into `text` are byte offsets. Only
 * produced for a caller that asked for it with {@link ExtractOptions.textForms}: reading a file's bytes
 * that way is several times cheaper than decoding them, and a detector that accepts the form (such as
 * `@gallra/core` with `detect(text, { form: 'utf8-bytes' })`) gives the same results.
 */
export type TextForm = 'utf8-bytes';

/** A piece of extracted text with its location. */
export interface Segment {
  /** The text; decoded, unless `form` says otherwise. */
  readonly text: string;
  /** Set when `text` is not decoded text but another {@link TextForm} the caller opted into. */
  readonly form?: TextForm;
  readonly place: Place;
  /** Chain of container member names, outermost first (empty for the file itself). */
  readonly member: readonly string[];
}

/** Why a file (or member) could not be read, or was skipped. Stable codes used in reports. */
export type ExtractionReason =
  | 'corrupt'
  | 'encrypted'
  | 'unsupported'
  | 'too-large'
  | 'timeout'
  | 'limits-exceeded'
  | 'binary'
  | 'no-text-layer'
  | 'mislabelled'
  | 'unreadable';

/** A problem found while extracting, attached to the file (or a member of it). */
export interface ExtractionProblem {
  readonly level: 'error' | 'warning';
  readonly reason: ExtractionReason;
  readonly message: string;
  readonly member: readonly string[];
}

/** The bytes to extract from. `open` may be called more than once. */
export interface ExtractInput {
  /** File or member name (used for the extension hint only; content decides the format). */
  readonly name: string;
  readonly size: number;
  open(): Readable;
  /**
   * Path of the file on disk, when there is one. Lets random-access formats (zip, OOXML, ODF) read the
   * central directory and single parts without loading the whole file into memory.
   */
  readonly path?: string;
  /**
   * The whole content, when it is already in memory (e.g. a small file read in one go). Sniffing and
   * text decoding then read it directly instead of through `open()` streams; `open` must give the same bytes.
   */
  readonly bytes?: Uint8Array;
}

/** Limits enforced by the dispatcher, with safe defaults. */
export interface ExtractLimits {
  /** Largest input file in bytes. */
  readonly maxFileBytes: number;
  /** Deepest container nesting. */
  readonly maxDepth: number;
  /** Total uncompressed bytes of all members of one file. */
  readonly maxTotalBytes: number;
  /** Largest compression ratio for members larger than 1 MB. */
  readonly maxRatio: number;
  /** Most members read from one file. */
  readonly maxMembers: number;
  /** Longest time in milliseconds spent on one file (including its members); then `timeout`. */
  readonly timeoutMs: number;
}

export interface ExtractOptions {
  readonly limits?: Partial<ExtractLimits>;
  /** Aborts the extraction; the event stream then fails with `ExtractionError('timeout')`. */
  readonly signal?: AbortSignal;
  /**
   * Text forms besides decoded text that the caller can read (see {@link TextForm}). A format may then
   * give segments in one of them (marked with `Segment.form`); without this, every segment is decoded text.
   */
  readonly textForms?: readonly TextForm[];
  /**
   * Replays container members whose bytes were extracted before instead of extracting them again (see
   * {@link MemberCache}): the same attachment in 200 messages of an mbox, the same docx in several
   * zips. Events are identical to those of a fresh extraction, with the current member chain; nested
   * members still count against `limits`. Members larger than `MemberCache.maxMemberBytes` given as
   * streams (zip members) are extracted as without a cache. Create one cache per process or worker.
   */
  readonly memberCache?: MemberCache;
}

/** Events produced by {@link extract}: text segments and per-member problems, in document order. */
export type ExtractEvent =
  | { readonly kind: 'segment'; readonly segment: Segment }
  | { readonly kind: 'problem'; readonly problem: ExtractionProblem };

/** Result of opening a file: its detected format and the lazily produced events. */
export interface Extraction {
  /** Format id, e.g. `text`, `docx`, `pdf`. */
  readonly format: string;
  /** Text encoding, for text formats. */
  readonly encoding?: string;
  /** Set when the name's extension belongs to another format than the content (e.g. a PDF named `.docx`). */
  readonly mislabelled?: { readonly extension: string };
  readonly events: AsyncIterable<ExtractEvent>;
  /**
   * The same events, when they are all produced without waiting for anything (content given as bytes,
   * in a format that reads it synchronously, such as plain text): iterating these spares each event
   * its promises. Iterate either `events` or this, once.
   */
  readonly syncEvents?: Iterable<ExtractEvent>;
}
