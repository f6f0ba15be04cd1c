// Seeded generators for the `gallra ci` benchmarks: a 10,000-file repository (pre-commit latency) and a
// 5,000-commit repository (history speed). Both are built with one `git fast-import` process, so they
// take seconds, and are reused when they already exist with the same parameters.
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createRng } from '../../fixtures/accuracy/lib/rng.mjs';

/** The seeded mulberry32 generator of the accuracy corpus (one implementation for every corpus). */
export const prng = (seed) => createRng(seed).next;

/** A valid (date + Luhn) personnummer YYMMDD-NNNC, generated, never stored as data. */
export function syntheticPersonnummer(random) {
  const year = 1940 + Math.floor(random() * 60);
  const month = 1 + Math.floor(random() * 12);
  const day = 1 + Math.floor(random() * 28);
  const serial = 100 + Math.floor(random() * 800);
  const nine = `${String(year % 100).padStart(2, '0')}${String(month).padStart(2, '0')}${String(day).padStart(2, '0')}${serial}`;
  let sum = 0;
  for (let i = 0; i < 9; i++) {
    const v = Number(nine[i]) * (i % 2 === 0 ? 2 : 1);
    sum += v > 9 ? v - 9 : v;
  }
  return `${nine.slice(0, 6)}-${nine.slice(6)}${(10 - (sum % 10)) % 10}`;
}

const WORDS = ['const', 'let', 'return', 'function', 'kund', 'order', 'faktura', 'id', 'await', 'import', 'export', 'if', 'else', 'namn', 'adress', 'belopp', 'datum', 'status', 'map', 'filter'];

/** A source-like text file of `lines` lines; with probability `leak`, one line holds a personnummer. */
export function sourceFile(random, lines, leak = 0) {
  const out = [];
  for (let i = 0; i < lines; i++) {
    const n = 3 + Math.floor(random() * 8);
    const words = [];
    for (let w = 0; w < n; w++) words.push(WORDS[Math.floor(random() * WORDS.length)]);
    out.push(`${'  '.repeat(Math.floor(random() * 3))}${words.join(' ')} = ${Math.floor(random() * 100000)};`);
  }
  if (random() < leak) out[Math.floor(random() * out.length)] = `  // kund: ${syntheticPersonnummer(random)}`;
  return `${out.join('\n')}\n`;
}

export const gitEnv = (home) => ({
  ...process.env,
  HOME: home,
  GIT_CONFIG_NOSYSTEM: '1',
  GIT_CONFIG_GLOBAL: join(home, 'none'),
  GIT_AUTHOR_NAME: 'Bench',
  GIT_AUTHOR_EMAIL: 'bench@example.invalid',
  GIT_COMMITTER_NAME: 'Bench',
  GIT_COMMITTER_EMAIL: 'bench@example.invalid',
});

function fastImport(dir, env, writeStream) {
  return new Promise((resolve, reject) => {
    const child = spawn('git', ['fast-import', '--quiet', '--done'], { cwd: dir, env, stdio: ['pipe', 'inherit', 'inherit'] });
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve() : reject(new Error(`git fast-import exited ${code}`))));
    writeStream(child.stdin).then(() => child.stdin.end(), reject);
  });
}

function write(stream, text) {
  return stream.write(text) ? Promise.resolve() : new Promise((r) => stream.once('drain', r));
}

async function blobData(stream, content) {
  const bytes = Buffer.from(content);
  await write(stream, `data ${bytes.length}\n`);
  await write(stream, bytes);
  await write(stream, '\n');
}

function reuse(dir, params) {
  const marker = join(dir, '.git', 'gallra-bench.json');
  if (existsSync(marker) && readFileSync(marker, 'utf8') === JSON.stringify(params)) return true;
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  return false;
}

function markDone(dir, params) {
  writeFileSync(join(dir, '.git', 'gallra-bench.json'), JSON.stringify(params));
}

/**
 * A repository with `files` tracked files (~40 lines each, 1 in 500 with a personnummer) in one commit,
 * checked out. Returns its path.
 */
export async function largeRepo({ dir, files = 10_000, seed = 1 }) {
  const params = { kind: 'large', files, seed, v: 1 };
  const home = join(dir, '..', 'home');
  mkdirSync(home, { recursive: true });
  const env = gitEnv(home);
  if (reuse(dir, params)) return { dir, env };
  execFileSync('git', ['init', '-q', '-b', 'main'], { cwd: dir, env });
  const random = prng(seed);
  await fastImport(dir, env, async (s) => {
    await write(s, `commit refs/heads/main\ncommitter Bench <bench@example.invalid> 1700000000 +0000\n`);
    await blobData(s, `${files} generated files`);
    for (let i = 0; i < files; i++) {
      const path = `src/module-${String(Math.floor(i / 100)).padStart(3, '0')}/file-${String(i).padStart(5, '0')}.js`;
      await write(s, `M 100644 inline ${path}\n`);
      await blobData(s, sourceFile(random, 40, 0.002));
    }
    await write(s, 'done\n');
  });
  execFileSync('git', ['checkout', '-q', '-f', 'main'], { cwd: dir, env });
  markDone(dir, params);
  return { dir, env };
}

/**
 * A repository with `commits` commits over `paths` files: each commit edits 1–3 files (one in 20
 * edit leaks a personnummer, which later versions of the file keep until that line is edited again).
 */
export async function historyRepo({ dir, commits = 5_000, paths = 300, seed = 2 }) {
  const params = { kind: 'history', commits, paths, seed, v: 1 };
  const home = join(dir, '..', 'home');
  mkdirSync(home, { recursive: true });
  const env = gitEnv(home);
  if (reuse(dir, params)) return { dir, env };
  execFileSync('git', ['init', '-q', '-b', 'main'], { cwd: dir, env });
  const random = prng(seed);
  const contents = Array.from({ length: paths }, () => sourceFile(random, 30));
  await fastImport(dir, env, async (s) => {
    for (let c = 0; c < commits; c++) {
      await write(s, `commit refs/heads/main\nmark :${c + 1}\ncommitter Bench <bench@example.invalid> ${1700000000 + c * 60} +0000\n`);
      await blobData(s, `commit ${c}`);
      if (c > 0) await write(s, `from :${c}\n`);
      const edits = c === 0 ? paths : 1 + Math.floor(random() * 3);
      for (let e = 0; e < edits; e++) {
        const p = c === 0 ? e : Math.floor(random() * paths);
        const lines = contents[p].split('\n');
        const at = Math.floor(random() * (lines.length - 1));
        const leak = c > 0 && random() < 0.05;
        lines[at] = leak ? `  // kund: ${syntheticPersonnummer(random)}` : sourceFile(random, 1).trimEnd();
        contents[p] = lines.join('\n');
        await write(s, `M 100644 inline src/f${String(p).padStart(4, '0')}.js\n`);
        await blobData(s, contents[p]);
      }
    }
    await write(s, 'done\n');
  });
  execFileSync('git', ['checkout', '-q', '-f', 'main'], { cwd: dir, env });
  markDone(dir, params);
  return { dir, env };
}
