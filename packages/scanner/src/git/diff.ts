import { GitError } from './git-error.js';
import { EMPTY_TREE, type Repository } from './repository.js';
import { gitOutput } from './run-git.js';

/** An inclusive range of 1-based line numbers in the new version of a file. */
export interface LineRange {
  readonly start: number;
  readonly end: number;
}

/** A file added or changed by a diff (deletions are not listed: they add nothing). */
export interface ChangedFile {
  /** Path in the new version, relative to the repository root. */
  readonly path: string;
  /** Path in the old version when git saw a rename or copy, otherwise null. */
  readonly oldPath: string | null;
  /** git's status letter: `A` added, `M` modified, `R` renamed, `C` copied, `T` type changed. */
  readonly status: 'A' | 'M' | 'R' | 'C' | 'T';
  /** Blob id before the change; null when the file is new. */
  readonly oldBlob: string | null;
  /** Blob id after the change (in the index for staged changes). */
  readonly newBlob: string;
  /** Lines added by the change, sorted. Empty for binary diffs. */
  readonly added: readonly LineRange[];
  /** git could not diff the file as text (binary content, or `-diff` in .gitattributes). */
  readonly binary: boolean;
  /** The commit that made the change; null for staged changes. */
  readonly commit: string | null;
}

const ZERO_OID = /^0+$/;
const DIFF_FLAGS = ['--raw', '-z', '-p', '-U0', '--no-abbrev', '--no-color', '--no-ext-diff', '--no-textconv'];

/** The staged changes (index against HEAD, or against the empty tree before the first commit). */
export async function stagedChanges(repo: Repository): Promise<ChangedFile[]> {
  const out = await gitOutput(repo.root, ['diff', '--cached', ...DIFF_FLAGS, repo.head ?? EMPTY_TREE, '--']);
  return parseDiffSection(out.toString('utf8'), null);
}

/**
 * The changes of every non-merge commit in `from..to`, oldest first, each against its parent
 * (a root commit against the empty tree). `from` null means all history reachable from `to`.
 */
export async function commitChanges(repo: Repository, from: string | null, to: string): Promise<ChangedFile[]> {
  const range = from === null ? to : `${from}..${to}`;
  const out = await gitOutput(
    repo.root,
    ['-c', 'log.showRoot=true', 'log', '--reverse', '--no-merges', '--format=%x01%H', ...DIFF_FLAGS, range, '--'],
    'bad-revision',
  );
  const text = out.toString('utf8');
  const files: ChangedFile[] = [];
  // Each commit starts with \x01 at the start of a line; patch lines never do (they start with + - space \).
  for (const section of text.split(/(?:^|\n)\u0001/)) {
    if (section === '') continue;
    const end = section.search(/[\0\n]/);
    const commit = end < 0 ? section : section.slice(0, end);
    const rest = end < 0 ? '' : section.slice(end + 1).replace(/^[\0\n]+/, '');
    files.push(...parseDiffSection(rest, commit));
  }
  return files;
}

interface RawEntry {
  readonly newMode: string;
  readonly oldBlob: string;
  readonly newBlob: string;
  readonly status: string;
  readonly path: string;
  readonly oldPath: string | null;
}

/**
 * Parses the output of `git diff --raw -z -p -U0` for one commit (or the index): NUL-separated raw
 * records (`:oldmode newmode oldoid newoid status\0path\0[path2\0]`), then one patch per record.
 */
export function parseDiffSection(text: string, commit: string | null): ChangedFile[] {
  const entries: RawEntry[] = [];
  let pos = 0;
  while (text.charCodeAt(pos) === 0x3a /* ':' */) {
    const headerEnd = text.indexOf('\0', pos);
    if (headerEnd < 0) throw new GitError('git-failed', 'unexpected git diff output (raw record)');
    const [, newMode = '', oldBlob = '', newBlob = '', status = ''] = text.slice(pos + 1, headerEnd).split(' ');
    let next = headerEnd + 1;
    const firstPathEnd = text.indexOf('\0', next);
    const firstPath = text.slice(next, firstPathEnd);
    next = firstPathEnd + 1;
    let path = firstPath;
    let oldPath: string | null = null;
    if (status.startsWith('R') || status.startsWith('C')) {
      const secondEnd = text.indexOf('\0', next);
      oldPath = firstPath;
      path = text.slice(next, secondEnd);
      next = secondEnd + 1;
    }
    entries.push({ newMode, oldBlob, newBlob, status: status.charAt(0), path, oldPath });
    pos = next;
  }
  const patches = splitPatches(text.slice(pos).replace(/^\0+/, ''));
  // Every raw record has exactly one patch in the same order, except type changes, which git shows as a
  // deletion plus an addition; then patches cannot be paired and hunks are read per path instead.
  const paired = patches.length === entries.length;
  const files: ChangedFile[] = [];
  entries.forEach((entry, index) => {
    if (entry.status === 'D' || entry.status === 'U' || entry.status === 'X') return;
    if (entry.newMode === '160000' || entry.newMode === '120000') return; // submodule, symlink
    const patch = paired ? patches[index] : patches.find((p) => patchTouches(p, entry.path));
    const { added, binary } = patch === undefined ? { added: [], binary: true } : parseHunks(patch);
    const status = entry.status as ChangedFile['status'];
    files.push({
      path: entry.path,
      oldPath: entry.oldPath,
      status,
      oldBlob: ZERO_OID.test(entry.oldBlob) ? null : entry.oldBlob,
      newBlob: entry.newBlob,
      added,
      binary,
      commit,
    });
  });
  return files;
}

function splitPatches(patchText: string): string[] {
  if (patchText.trim() === '') return [];
  const parts = patchText.split(/^(?=diff --git )/m);
  return parts.filter((p) => p.startsWith('diff --git '));
}

function patchTouches(patch: string, path: string): boolean {
  const header = patch.slice(0, patch.indexOf('\n'));
  return header.endsWith(` b/${path}`) && !/^deleted file mode/m.test(patch);
}

const HUNK = /^@@ -\d+(?:,\d+)? \+(\d+)(?:,(\d+))? @@/gm;

/** Added line ranges from a `-U0` patch's hunk headers; binary patches have none. */
export function parseHunks(patch: string): { added: LineRange[]; binary: boolean } {
  const added: LineRange[] = [];
  for (const m of patch.matchAll(HUNK)) {
    const start = Number(m[1]);
    const count = m[2] === undefined ? 1 : Number(m[2]);
    if (count > 0) added.push({ start, end: start + count - 1 });
  }
  const binary = added.length === 0 && /^(Binary files .* differ|GIT binary patch)$/m.test(patch);
  return { added, binary };
}

/** True when `line` lies in one of the sorted `ranges` (binary search). */
export function lineInRanges(ranges: readonly LineRange[], line: number): boolean {
  let lo = 0;
  let hi = ranges.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const r = ranges[mid]!;
    if (line < r.start) hi = mid - 1;
    else if (line > r.end) lo = mid + 1;
    else return true;
  }
  return false;
}
