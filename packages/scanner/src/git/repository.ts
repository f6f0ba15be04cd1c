import { GitError } from './git-error.js';
import { gitOutput, runGit } from './run-git.js';

/** The tree id of an empty tree: the "before" of a repository's first commit. Same in every repository (SHA-1). */
export const EMPTY_TREE = '4b825dc642cb6eb9a060e54bf8d69288fbee4904';

/** A git work tree, as found from a directory inside it. */
export interface Repository {
  /** Absolute path of the work tree's top level. */
  readonly root: string;
  /** True in a shallow clone: history before the shallow boundary is not available. */
  readonly shallow: boolean;
  /** Commit id of HEAD, or null before the first commit. */
  readonly head: string | null;
}

/** Finds the repository that contains `cwd`. Throws `GitError('not-a-repository')` outside one. */
export async function openRepository(cwd: string): Promise<Repository> {
  // One git process (start-up matters in a pre-commit hook): HEAD fails only before the first commit,
  // and git still prints the top level and shallowness first.
  const probe = await runGit(cwd, ['rev-parse', '--show-toplevel', '--is-shallow-repository', 'HEAD^{commit}']);
  if (/not a git repository|must be run in a work tree/i.test(probe.stderr)) {
    throw new GitError('not-a-repository', `${cwd} is not inside a git work tree`);
  }
  const [root = '', shallow = '', head = ''] = probe.stdout.toString('utf8').trim().split('\n');
  if (root === '' || (shallow !== 'true' && shallow !== 'false')) {
    throw new GitError('git-failed', `git rev-parse failed: ${probe.stderr.split('\n')[0] ?? ''}`);
  }
  const headId = probe.code === 0 && /^[0-9a-f]{40,64}$/.test(head) ? head : null;
  if (headId === null && !/unknown revision|ambiguous argument 'HEAD/.test(probe.stderr)) {
    throw new GitError('git-failed', `git rev-parse failed: ${probe.stderr.split('\n')[0] ?? ''}`);
  }
  return { root, shallow: shallow === 'true', head: headId };
}

/** Resolves `rev` to a commit id. A missing revision in a shallow clone gets a hint about fetch depth. */
export async function resolveCommit(repo: Repository, rev: string): Promise<string> {
  const result = await runGit(repo.root, ['rev-parse', '--verify', '-q', '--end-of-options', `${rev}^{commit}`]);
  if (result.code === 0) return result.stdout.toString('utf8').trim();
  const hint = repo.shallow
    ? ' (this is a shallow clone: fetch more history, e.g. `git fetch --deepen=50` or actions/checkout with `fetch-depth: 0`)'
    : '';
  throw new GitError('bad-revision', `unknown revision ${JSON.stringify(rev)}${hint}`);
}

/** Lists the commits of `from..to` (oldest first), without merge commits. */
export async function listCommits(repo: Repository, from: string | null, to: string): Promise<string[]> {
  const range = from === null ? [to] : [`${from}..${to}`];
  const out = await gitOutput(repo.root, ['rev-list', '--reverse', '--no-merges', ...range, '--'], 'bad-revision');
  return out.toString('utf8').split('\n').filter((l) => l !== '');
}
