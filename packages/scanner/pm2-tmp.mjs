import { Worker } from 'node:worker_threads';
import Database from 'better-sqlite3';
const cpu = () => { const u = process.cpuUsage(); return (u.user + u.system) / 1000; };
const db = new Database('/tmp/rs/base.db', { readonly: true });
const dirIds = db.prepare('SELECT id FROM dirs ORDER BY path').pluck().all();
const all6 = db.prepare('SELECT name, size, mtime, scan_id, config, result FROM files WHERE dir_id = ?').raw(true);
const rowsets = dirIds.map((id) => all6.all(id));
const jsons = rowsets.map((r) => JSON.stringify(r));
const mode = process.argv[2];
const w = new Worker(`const { parentPort, workerData } = require('node:worker_threads');
parentPort.on('message', () => { for (const r of workerData.data) parentPort.postMessage(r); });`, { eval: true, workerData: { data: mode === 'json' ? jsons : rowsets } });
await new Promise((r) => setTimeout(r, 300));
let got = 0; const t0 = cpu(); let rows = 0;
await new Promise((resolve) => {
  w.on('message', (m) => { const r = mode === 'json' ? JSON.parse(m) : m; rows += r.length; if (++got === dirIds.length) resolve(); });
  w.postMessage('go');
});
console.log(mode, 'main+worker cpu', (cpu() - t0).toFixed(0), rows);
await w.terminate();
