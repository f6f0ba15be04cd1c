import { defineFormat } from '../format.js';

/** A zero-byte file: nothing to read, nothing wrong. */
export const empty = defineFormat({
  meta: { id: 'empty', description: 'Zero-byte file', extensions: [] },
  sniff: (input) => input.size === 0 && input.head.length === 0,
  async *extract() {
    // No content, no findings.
  },
});
