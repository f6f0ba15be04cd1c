/**
 * Worker-thread entry for {@link ContentWorkers}: scans content sent by the main thread with the
 * scanner's `scanContent` and answers with the plain-data report. Never throws for bad input
 * (scanContent turns it into a status); a crash ends only this worker's pending requests.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { scanContent } from '../scan-content.js';
import type { ContentScanOptions } from '../scan-options.js';

interface Request {
  readonly id: number;
  readonly name: string;
  readonly bytes: Uint8Array;
}

const options = workerData as ContentScanOptions;

parentPort?.on('message', (request: Request) => {
  void scanContent({ name: request.name, size: request.bytes.length, bytes: request.bytes }, options).then(
    (report) => parentPort!.postMessage({ id: request.id, report }),
    (error: unknown) => parentPort!.postMessage({ id: request.id, error: error instanceof Error ? error.message : String(error) }),
  );
});
