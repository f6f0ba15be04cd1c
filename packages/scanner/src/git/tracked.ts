import type { Repository } from './repository.js';
import { gitOutput } from './run-git.js';

/**
 * The paths git tracks in the index (relative to the repository root, POSIX separators), each once,
 * sorted. Untracked and ignored files are never listed. Submodules (gitlinks) are left out.
 */
export async function listTrackedFiles(repo: Repository): Promise<string[]> {
  // `-s` gives the mode so gitlinks (160000) can be skipped; `-z` keeps unusual names intact.
  const out = await gitOutput(repo.root, ['ls-files', '-z', '-s', '--cached']);
  const paths = new Set<string>();
  for (const record of out.toString('utf8').split('\0')) {
    if (record === '') continue;
    const tab = record.indexOf('\t');
    if (tab < 0) continue;
    if (record.startsWith('160000 ') || record.startsWith('120000 ')) continue;
    paths.add(record.slice(tab + 1));
  }
  return [...paths].sort();
}
