import type { Readable } from 'node:stream';
import type { ExtractionReason, ExtractLimits, Place, TextForm } from './types.js';

/** What a format module is given to read. Provided by the dispatcher. */
export interface FormatInput {
  /** File or member name; an extension hint only. */
  readonly name: string;
  /** Size in bytes (uncompressed size for container members). */
  readonly size: number;
  /** Up to the first 4096 bytes, for sniffing. Read-only: never write into it (its encoding is cached). */
  readonly head: Uint8Array;
  /** A fresh stream of the whole content; may be called more than once. */
  open(): Readable;
  /** The whole content in memory; throws `ExtractionError('too-large')` above `limits.maxFileBytes`. */
  bytes(): Promise<Uint8Array>;
  /** Names of the entries when the content is a zip archive (cached), otherwise null. */
  zipEntryNames(): Promise<readonly string[] | null>;
  /** Path on disk when the input is a whole file (not a container member); allows random access. */
  readonly path?: string;
  /**
   * The whole content, when the caller already holds it in memory (within `limits.maxFileBytes`):
   * a format that reads everything anyway can use it instead of a stream.
   */
  readonly inMemory?: Uint8Array;
}

/** Per-extraction context from the dispatcher. */
export interface FormatContext {
  readonly limits: ExtractLimits;
  /** Aborted at the per-file deadline or by the caller; long loops should check it. */
  readonly signal: AbortSignal | undefined;
  /** Text forms the caller accepts besides decoded text (`ExtractOptions.textForms`). */
  readonly textForms?: readonly TextForm[];
}

/** What a format module yields, in document order. */
export type FormatEvent =
  /** Text found at a place. Text split over runs/lines must already be joined where it is one word. */
  | {
      readonly kind: 'segment';
      readonly text: string;
      readonly place: Place;
      /** Only a form listed in `FormatContext.textForms`. */
      readonly form?: TextForm;
    }
  /** A container member; the dispatcher identifies its format and recurses, enforcing limits. */
  | {
      readonly kind: 'entry';
      readonly name: string;
      readonly size: number;
      readonly compressedSize?: number;
      open(): Readable;
      /** The member's whole content, when the container already holds it in memory (mail attachments). */
      readonly bytes?: Uint8Array;
    }
  /**
   * Several events at once, in order (never nested): a streaming parser yields one batch per chunk so
   * a spreadsheet of a million cells does not pay the async-iteration cost per cell.
   */
  | {
      readonly kind: 'batch';
      readonly events: readonly FormatEvent[];
      /**
       * The batch is one self-contained unit of the file, such as one message of a mailbox: the
       * per-file member limits (`maxMembers`, `maxTotalBytes`) count afresh from it. Honoured for the
       * file itself only; inside a container (an mbox in a zip) the container's count goes on.
       */
      readonly unit?: true;
    }
  /** A document property such as `author` or `lastModifiedBy`. May be personal data. */
  | { readonly kind: 'metadata'; readonly field: string; readonly value: string }
  /** A non-fatal problem inside the file (the rest was read). Fatal ones are thrown as `ExtractionError`. */
  | {
      readonly kind: 'problem';
      readonly level: 'error' | 'warning';
      readonly reason: ExtractionReason;
      readonly message: string;
      /** Member (entry name) the problem belongs to, when it is about one member of a container. */
      readonly member?: string;
    };

/** Static description of a format module. */
export interface FormatMeta {
  /** kebab-case id, equal to the module's file name, e.g. `docx`. */
  readonly id: string;
  readonly description: string;
  /** Lower-case extensions with the dot, e.g. `['.docx', '.docm', '.dotx']`. */
  readonly extensions: readonly string[];
  readonly mediaTypes?: readonly string[];
}

/**
 * A format plug-in: one file in `src/formats/`, registered with one line in `src/formats/index.ts`.
 * A format module never imports another format module; heavy libraries are imported lazily inside `extract`.
 */
export interface Format {
  readonly meta: FormatMeta;
  /** Content check (magic bytes, zip entry names). Must be cheap and must not throw. */
  sniff(input: FormatInput): boolean | Promise<boolean>;
  extract(input: FormatInput, ctx: FormatContext): AsyncIterable<FormatEvent>;
  /**
   * The events of `extract` for content held in memory (`input.inMemory`), when the format produces them
   * without waiting for anything (plain text): the dispatcher then spares every event its promises.
   * Returns null when this input needs `extract`. Never yields `entry` events.
   */
  extractInMemory?(input: FormatInput & { readonly inMemory: Uint8Array }, ctx: FormatContext): Iterable<FormatEvent> | null;
  /** Text encoding of the input, for text formats (reported as `Extraction.encoding`). */
  encodingOf?(input: FormatInput): string | undefined;
}

/** Identity helper that gives a format module its type. */
export function defineFormat(format: Format): Format {
  return format;
}
