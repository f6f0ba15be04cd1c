import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { ContentReport } from '../scan-content.js';
import type { ContentScanOptions } from '../scan-options.js';

interface Pending {
  resolve(report: ContentReport): void;
  reject(error: Error): void;
}

/**
 * A small pool of worker threads that run `scanContent`, so that `gallra ci --history` (and large
 * tracked scans) use every core while the main thread reads blobs from git. Content is copied to the
 * worker (the blob buffers share memory with git's output stream, so they cannot be transferred).
 * Each request goes to the worker with the fewest pending requests.
 */
export class ContentWorkers {
  private readonly workers: { worker: Worker; pending: Map<number, Pending> }[] = [];
  private nextId = 1;

  constructor(size: number, options: ContentScanOptions) {
    const url = workerModule();
    for (let i = 0; i < size; i++) {
      const worker = new Worker(url, { workerData: options });
      const slot = { worker, pending: new Map<number, Pending>() };
      worker.on('message', (message: { id: number; report?: ContentReport; error?: string }) => {
        const pending = slot.pending.get(message.id);
        if (!pending) return;
        slot.pending.delete(message.id);
        if (message.report) pending.resolve(message.report);
        else pending.reject(new Error(message.error ?? 'worker failed'));
      });
      const failAll = (error: Error) => {
        for (const pending of slot.pending.values()) pending.reject(error);
        slot.pending.clear();
      };
      worker.on('error', failAll);
      worker.on('exit', (code) => failAll(new Error(`content worker exited with code ${code}`)));
      this.workers.push(slot);
    }
  }

  scan(name: string, bytes: Uint8Array): Promise<ContentReport> {
    const slot = this.workers.reduce((best, w) => (w.pending.size < best.pending.size ? w : best));
    const id = this.nextId++;
    const copy = new Uint8Array(bytes);
    return new Promise((resolve, reject) => {
      slot.pending.set(id, { resolve, reject });
      slot.worker.postMessage({ id, name, bytes: copy }, [copy.buffer]);
    });
  }

  async close(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.worker.terminate()));
  }
}

/**
 * The compiled worker module. Workers run plain Node, which cannot load TypeScript: when this code runs
 * from `src/` (tests, through the `development` export condition) the `dist/` twin is used.
 */
function workerModule(): URL {
  const own = new URL(import.meta.url);
  if (!own.pathname.endsWith('.ts')) return new URL('./content-worker.js', own);
  const compiled = new URL('../../dist/ci/content-worker.js', own);
  if (!existsSync(fileURLToPath(compiled))) throw new Error(`${fileURLToPath(compiled)} is missing: run \`tsc -b\` first`);
  return compiled;
}
