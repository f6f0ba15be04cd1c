/**
 * The default processor run in workers: the scanner's own extract → detect (`scanContent`).
 * Its options are the scan's `ContentScanOptions` (plain data).
 */
import { scanContent } from '../scan-content.js';
import type { ContentScanOptions } from '../scan-options.js';
import type { ContentResult, ProcessorInput } from './protocol.js';

/**
 * `scanContent` keeps nothing that views `input.bytes` once it resolves (findings hold strings, and
 * every segment string is a copy), so the worker may read the next file into the same buffer.
 */
export const releasesBytes = true;

export async function processContent(input: ProcessorInput, options: unknown): Promise<ContentResult> {
  const { name, size, bytes, open, path } = input;
  const content = bytes
    ? { name, size, bytes }
    : { name, size, open: open as NonNullable<Parameters<typeof scanContent>[0]['open']>, ...(path !== undefined ? { path } : {}) };
  return scanContent(content, (options ?? {}) as ContentScanOptions);
}
