// Every regular file under a folder, recursively, sorted by path: how the bench scripts that load a
// corpus into memory enumerate it. Dot-files (such as the generator's `.complete` marker) are skipped
// unless `hidden` is set.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';

/**
 * @param {string} dir
 * @param {{ hidden?: boolean }} [options]
 * @returns {string[]}
 */
export function listFiles(dir, options = {}) {
  const out = [];
  const walk = (folder) => {
    for (const entry of readdirSync(folder, { withFileTypes: true })) {
      if (!options.hidden && entry.name.startsWith('.')) continue;
      const path = join(folder, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.isFile()) out.push(path);
    }
  };
  walk(dir);
  return out.sort();
}
