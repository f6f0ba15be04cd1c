import { extname } from 'node:path';
import type { Format, FormatInput } from '../format.js';

/** The first registered format whose content check accepts the input, or null. */
export async function identify(input: FormatInput, registry: readonly Format[]): Promise<Format | null> {
  for (const format of registry) {
    let match = false;
    try {
      // Most sniffs answer synchronously: awaiting only promises saves a microtask per format per file.
      const answer = format.sniff(input);
      match = answer instanceof Promise ? await answer : answer;
    } catch {
      match = false; // a sniff must not throw; treat a failing one as "not this format"
    }
    if (match) return format;
  }
  return null;
}

/** Formats whose content is a generic container of others; a name of a more specific kind is no mislabel. */
const GENERIC = new Set(['zip', 'empty']);

/**
 * The name's extension when it belongs to another registered format than the detected one (a PDF
 * named `.docx`), else null. Extensions no format claims (`.dat`, `.bak`) are never a mislabel.
 */
export function mislabelledExtension(name: string, format: Format, registry: readonly Format[]): string | null {
  const ext = extname(name).toLowerCase();
  if (ext === '' || GENERIC.has(format.meta.id) || format.meta.extensions.includes(ext)) return null;
  const owner = registry.find((f) => f.meta.extensions.includes(ext));
  return owner && owner !== format ? ext : null;
}
