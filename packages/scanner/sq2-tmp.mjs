import Database from 'better-sqlite3';
const cpu = () => { const u = process.cpuUsage(); return (u.user + u.system) / 1000; };
const db = new Database('/tmp/rs/base.db', { readonly: true });
const dirIds = db.prepare('SELECT id FROM dirs ORDER BY path').pluck().all();
const all6 = db.prepare('SELECT name, size, mtime, scan_id, config, result FROM files WHERE dir_id = ?').raw(true);
const gc = db.prepare(`SELECT group_concat(name, char(0)), group_concat(size), group_concat(mtime), group_concat(scan_id), group_concat(config, char(0)), group_concat(result, char(0)) FROM files WHERE dir_id = ?`).raw(true);
const gc2 = db.prepare(`SELECT group_concat(name || char(1) || size || char(1) || mtime || char(1) || scan_id || char(1) || config || char(1) || result, char(0)) FROM files WHERE dir_id = ?`).pluck();
const js = db.prepare(`SELECT json_group_array(json_array(name, size, mtime, scan_id, config, result)) FROM files WHERE dir_id = ?`).pluck();
const best = {};
for (let rep = 0; rep < 7; rep++) {
  let t = cpu(), n = 0;
  for (const id of dirIds) n += all6.all(id).length;
  best.all6 = Math.min(best.all6 ?? 1e9, cpu() - t);
  t = cpu(); n = 0;
  for (const id of dirIds) { const [names, sizes, mtimes, scans, configs, results] = gc.get(id); const nm = names.split('\0'), sz = sizes.split(','), mt = mtimes.split(','), rs = results.split('\0'); for (let i = 0; i < nm.length; i++) { n += Number(sz[i]) + Number(mt[i]); } }
  best.gc = Math.min(best.gc ?? 1e9, cpu() - t);
  t = cpu(); n = 0;
  for (const id of dirIds) { const s = gc2.get(id); const rows = s.split('\0'); for (const r of rows) { const f = r.split('\x01'); n += Number(f[1]); } }
  best.gc2 = Math.min(best.gc2 ?? 1e9, cpu() - t);
  t = cpu(); n = 0;
  for (const id of dirIds) { n += JSON.parse(js.get(id)).length; }
  best.json = Math.min(best.json ?? 1e9, cpu() - t);
}
console.log(Object.entries(best).map(([k, v]) => `${k} ${v.toFixed(0)}`).join(' | '));
// check mtime text round trip exactness
let bad = 0;
for (const id of dirIds.slice(0, 50)) { const rows = all6.all(id); const [names, sizes, mtimes] = gc.get(id); const mt = mtimes.split(','); rows.forEach((r, i) => { if (Number(mt[i]) !== r[2]) bad++; }); }
console.log('mtime mismatches', bad);
