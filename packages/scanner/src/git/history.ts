import type { Repository } from './repository.js';
import { gitOutput } from './run-git.js';

/** One distinct blob of the history, with the first path and commit it appeared under. */
export interface HistoryBlob {
  readonly oid: string;
  readonly path: string;
  /** The oldest non-merge commit that added this blob; null when only a merge commit introduced it. */
  readonly commit: string | null;
}

export interface HistoryListing {
  /** Every blob reachable from any ref, each once, in the order history introduced them. */
  readonly blobs: readonly HistoryBlob[];
  /** Commits walked. */
  readonly commits: number;
}

/**
 * Lists every blob reachable from any ref (branches, tags, stash, …), deduplicated by blob id.
 * `git log --all --raw` attributes each blob to the oldest commit that added it; `git rev-list --all
 * --objects` then catches blobs that only merge commits introduced. Two git processes in all, whatever
 * the size of the history. In a shallow clone the walk stops at the shallow boundary.
 */
export async function listHistoryBlobs(repo: Repository): Promise<HistoryListing> {
  if (repo.head === null) {
    const refs = await gitOutput(repo.root, ['for-each-ref', '--count=1', '--format=%(objectname)']);
    if (refs.toString('utf8').trim() === '') return { blobs: [], commits: 0 };
  }
  const seen = new Map<string, HistoryBlob>();
  const log = await gitOutput(repo.root, [
    '-c', 'log.showRoot=true',
    'log', '--all', '--reverse', '--format=%x01%H', '--raw', '-z', '--no-abbrev', '--no-renames',
  ]);
  let commits = 0;
  for (const section of log.toString('utf8').split('\u0001')) {
    if (section === '') continue;
    commits++;
    const fields = section.split('\0');
    const commit = fields[0]!.trim();
    for (let i = 1; i + 1 < fields.length; i += 2) {
      const header = fields[i]!.replace(/^\n/, '');
      if (!header.startsWith(':')) break;
      const [, newMode = '', , newBlob = '', status = ''] = header.slice(1).split(' ');
      const path = fields[i + 1]!;
      if (status === 'D' || newMode === '160000' || newMode === '120000') continue;
      if (!seen.has(newBlob)) seen.set(newBlob, { oid: newBlob, path, commit });
    }
  }
  // Completeness pass: blobs whose only introduction was a merge commit (conflict resolutions).
  const objects = await gitOutput(repo.root, ['rev-list', '--all', '--objects', '--filter=object:type=blob']);
  for (const line of objects.toString('utf8').split('\n')) {
    const space = line.indexOf(' ');
    if (space !== 40 && space !== 64) continue; // commits have no path
    const oid = line.slice(0, space);
    if (!seen.has(oid)) seen.set(oid, { oid, path: line.slice(space + 1), commit: null });
  }
  return { blobs: [...seen.values()], commits };
}
