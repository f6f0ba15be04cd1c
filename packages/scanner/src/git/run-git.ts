import { spawn } from 'node:child_process';
import { GitError } from './git-error.js';

/** Environment for every git child: no pager, no prompts, no locale-dependent output. */
export function gitEnv(): NodeJS.ProcessEnv {
  return {
    ...process.env,
    GIT_TERMINAL_PROMPT: '0',
    GIT_PAGER: 'cat',
    LC_ALL: 'C',
    // Read-only scanning must not rewrite the index as a side effect of a status refresh.
    GIT_OPTIONAL_LOCKS: '0',
  };
}

/** Options that make git's machine output the same on every machine, whatever the user's config. */
export const GIT_CONFIG_ARGS: readonly string[] = [
  '-c', 'core.quotePath=false',
  '-c', 'diff.noprefix=false',
  '-c', 'diff.mnemonicPrefix=false',
  '-c', 'diff.external=',
  '-c', 'color.ui=false',
];

export interface GitResult {
  readonly stdout: Buffer;
  readonly stderr: string;
  readonly code: number;
}

/**
 * Runs `git args…` in `cwd` and collects its output. Resolves with the exit code (does not throw on a
 * non-zero exit): callers decide what a failure means. Throws `GitError('git-not-found')` when git is
 * missing.
 */
export function runGit(cwd: string, args: readonly string[]): Promise<GitResult> {
  return new Promise((resolve, reject) => {
    const child = spawn('git', [...GIT_CONFIG_ARGS, ...args], { cwd, env: gitEnv(), stdio: ['ignore', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => out.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => err.push(chunk));
    child.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') reject(new GitError('git-not-found', 'git is not installed or not on PATH', { cause: error }));
      else reject(new GitError('git-failed', `could not run git: ${error.message}`, { cause: error }));
    });
    child.on('close', (code) => {
      resolve({ stdout: Buffer.concat(out), stderr: Buffer.concat(err).toString('utf8').trim(), code: code ?? 1 });
    });
  });
}

/** Runs git and returns stdout; a non-zero exit becomes `GitError(reason)` quoting git's first stderr line. */
export async function gitOutput(cwd: string, args: readonly string[], reason: 'git-failed' | 'bad-revision' = 'git-failed'): Promise<Buffer> {
  const result = await runGit(cwd, args);
  if (result.code !== 0) {
    const firstLine = result.stderr.split('\n').find((l) => l.trim() !== '') ?? `exit code ${result.code}`;
    const command = args.find((a, i) => !a.startsWith('-') && args[i - 1] !== '-c') ?? '';
    throw new GitError(reason, `git ${command} failed: ${firstLine}`);
  }
  return result.stdout;
}
