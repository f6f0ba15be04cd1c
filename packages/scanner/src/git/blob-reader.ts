import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { GitError } from './git-error.js';
import type { Repository } from './repository.js';
import { GIT_CONFIG_ARGS, gitEnv } from './run-git.js';

/** A blob read from the object database. `bytes` is null when the blob exceeded the size limit. */
export interface BlobContent {
  readonly oid: string;
  readonly size: number;
  readonly bytes: Buffer | null;
}

interface Pending {
  readonly oid: string;
  resolve(blob: BlobContent): void;
  reject(error: Error): void;
}

/**
 * Reads many blobs through one long-lived `git cat-file --batch` process instead of one process per
 * blob. Requests are answered in order; callers may queue many before awaiting (pipelining). Blobs larger
 * than `maxBytes` are skipped over without being buffered (`bytes: null`).
 */
export class BlobReader {
  private readonly child: ChildProcessWithoutNullStreams;
  private readonly queue: Pending[] = [];
  private buffer: Buffer = Buffer.alloc(0);
  /** Bytes of the current blob's body still to come (+1 for the trailing newline), or -1 between blobs. */
  private remaining = -1;
  private current: { oid: string; size: number; chunks: Buffer[] | null } | null = null;
  private failure: Error | null = null;
  private closed = false;
  private outgoing = '';
  private flushScheduled = false;

  constructor(repo: Repository, private readonly maxBytes: number = Number.POSITIVE_INFINITY) {
    this.child = spawn('git', [...GIT_CONFIG_ARGS, 'cat-file', '--batch'], { cwd: repo.root, env: gitEnv() });
    this.child.stdout.on('data', (chunk: Buffer) => this.onData(chunk));
    let stderr = '';
    this.child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    this.child.on('error', (error) => this.fail(new GitError('git-failed', `git cat-file: ${error.message}`, { cause: error })));
    this.child.on('close', (code) => {
      this.closed = true;
      if (this.queue.length > 0) this.fail(new GitError('git-failed', `git cat-file exited (${code}): ${stderr.split('\n')[0] ?? ''}`));
    });
    // A reader closed early (EPIPE) must not crash the process; the pending requests fail instead.
    this.child.stdin.on('error', (error) => this.fail(new GitError('git-failed', `git cat-file: ${error.message}`, { cause: error })));
  }

  /** Reads one blob by id. Throws `GitError` when the object does not exist. */
  read(oid: string): Promise<BlobContent> {
    if (this.failure) return Promise.reject(this.failure);
    if (this.closed) return Promise.reject(new GitError('git-failed', 'git cat-file is closed'));
    return new Promise((resolve, reject) => {
      this.queue.push({ oid, resolve, reject });
      // Requests made in the same turn go to git in one write: one pipe write per blob costs more than
      // reading the blob.
      this.outgoing += `${oid}\n`;
      if (!this.flushScheduled) {
        this.flushScheduled = true;
        setImmediate(() => this.flush());
      }
    });
  }

  private flush(): void {
    this.flushScheduled = false;
    if (this.outgoing === '' || this.closed) return;
    const text = this.outgoing;
    this.outgoing = '';
    this.child.stdin.write(text);
  }

  /** Ends the git process once every queued request is answered. */
  async close(): Promise<void> {
    if (this.closed) return;
    const exited = new Promise<void>((resolve) => this.child.once('close', () => resolve()));
    this.flush();
    this.child.stdin.end();
    await exited;
  }

  private fail(error: Error): void {
    this.failure ??= error;
    for (const pending of this.queue.splice(0)) pending.reject(error);
  }

  private onData(chunk: Buffer): void {
    this.buffer = this.buffer.length === 0 ? chunk : Buffer.concat([this.buffer, chunk]);
    for (;;) {
      if (this.remaining < 0) {
        const newline = this.buffer.indexOf(10);
        if (newline < 0) return;
        const header = this.buffer.subarray(0, newline).toString('utf8');
        this.buffer = this.buffer.subarray(newline + 1);
        const pending = this.queue[0];
        if (!pending) {
          this.fail(new GitError('git-failed', 'git cat-file answered an unasked request'));
          return;
        }
        const [oid = '', type = '', sizeText = ''] = header.split(' ');
        if (type === 'missing' || type === 'ambiguous') {
          this.queue.shift();
          pending.reject(new GitError('git-failed', `object ${oid} is ${type}`));
          continue;
        }
        const size = Number(sizeText);
        this.current = { oid, size, chunks: size <= this.maxBytes ? [] : null };
        this.remaining = size + 1;
        continue;
      }
      const take = Math.min(this.remaining, this.buffer.length);
      if (take === 0) return;
      const piece = this.buffer.subarray(0, take);
      this.buffer = this.buffer.subarray(take);
      this.remaining -= take;
      this.current?.chunks?.push(piece);
      if (this.remaining > 0) return;
      const current = this.current!;
      const pending = this.queue.shift()!;
      this.remaining = -1;
      this.current = null;
      // Drop the newline git writes after each body.
      const chunks = current.chunks;
      const bytes = chunks === null ? null : (chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks)).subarray(0, current.size);
      pending.resolve({ oid: current.oid, size: current.size, bytes });
    }
  }
}
