import { defineFormat } from '../format.js';
import { looksLikeZip, ZipArchive } from '../office/zip-archive.js';

/** macOS resource forks: metadata copies of the real members, never readable text. */
const IGNORED = /^__MACOSX\//;

/**
 * Zip archives (and zip-based files no other format claims, such as jar or epub): every member is
 * handed to the dispatcher, which identifies its format and recurses with the member path as location.
 * Encrypted members are reported as `encrypted` problems while the rest is still read.
 */
export const zip = defineFormat({
  meta: { id: 'zip', description: 'Zip archive (members read recursively)', extensions: ['.zip', '.jar', '.epub'], mediaTypes: ['application/zip'] },
  sniff: (input) => looksLikeZip(input.head),
  async *extract(input, ctx) {
    const archive = await ZipArchive.open(input, ctx);
    try {
      if (archive.truncated) {
        // A warning: the members that were listed are read, and what they hold still counts.
        yield {
          kind: 'problem',
          level: 'warning',
          reason: 'limits-exceeded',
          message: `archive lists more than ${archive.entries.length} entries; the rest were not read`,
        };
      }
      for (const entry of archive.entries) {
        if (entry.directory || IGNORED.test(entry.name)) continue;
        yield archive.memberEvent(entry, 'member is encrypted (password-protected zip)');
      }
    } finally {
      archive.close();
    }
  },
});
