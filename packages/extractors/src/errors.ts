import type { ExtractionReason } from './types.js';

/**
 * A file or member could not be extracted. `reason` is a stable code; `message` never contains
 * extracted text.
 */
export class ExtractionError extends Error {
  override readonly name = 'ExtractionError';
  readonly reason: ExtractionReason;
  constructor(reason: ExtractionReason, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.reason = reason;
  }
}
