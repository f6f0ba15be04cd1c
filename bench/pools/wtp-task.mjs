// worker-threads-pool runs a whole worker script per task: it reports through parentPort.
import { parentPort, workerData } from 'node:worker_threads';
import run from './task.mjs';
parentPort.postMessage(run(workerData));
