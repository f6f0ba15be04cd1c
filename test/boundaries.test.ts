import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

// Data flows one way: crawl → extract → detect → rules → report. Each package may depend only on the
// packages before it (docs/architecture.md).
const ALLOWED: Record<string, string[]> = {
  '@gallra/core': [],
  '@gallra/extractors': [],
  '@gallra/scanner': ['@gallra/core', '@gallra/extractors'],
  gallra: ['@gallra/scanner'],
};
const FORBIDDEN_IN_CORE = ['node:fs', 'node:net', 'node:child_process', 'node:worker_threads', 'node:http', 'node:https'];

const root = join(import.meta.dirname, '..', 'packages');

function sourceFiles(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...sourceFiles(p));
    else if (p.endsWith('.ts') && !p.endsWith('.test.ts')) out.push(p);
  }
  return out;
}

function importsOf(file: string): string[] {
  // Drop comments first: TSDoc examples import the package by its own name.
  const src = readFileSync(file, 'utf8').replace(/\/\*[\s\S]*?\*\//g, '').replace(/^\s*\/\/.*$/gm, '');
  return [...src.matchAll(/(?:from|import)\s*\(?\s*['"]([^'"]+)['"]/g)].map((m) => m[1]!);
}

describe('package boundaries', () => {
  for (const dir of readdirSync(root)) {
    const pkg = JSON.parse(readFileSync(join(root, dir, 'package.json'), 'utf8')) as {
      name: string;
      dependencies?: Record<string, string>;
    };
    it(`${pkg.name} depends only on the layers before it`, () => {
      const allowed = ALLOWED[pkg.name];
      expect(allowed, `unknown package ${pkg.name}`).toBeDefined();
      const workspaceDeps = Object.keys(pkg.dependencies ?? {}).filter((d) => d in ALLOWED);
      expect(workspaceDeps.sort()).toEqual([...allowed!].sort());
      for (const file of sourceFiles(join(root, dir, 'src'))) {
        for (const spec of importsOf(file)) {
          if (spec in ALLOWED) expect(allowed, `${file} imports ${spec}`).toContain(spec);
          if (pkg.name === '@gallra/core') {
            expect(FORBIDDEN_IN_CORE, `${file} imports ${spec}: core does no I/O`).not.toContain(spec);
          }
        }
      }
    });
  }
});
