import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
// Relative imports on purpose (as in accuracy.test.ts): the root package has no dependency on the packages.
import { isTestNumber } from '../packages/core/src/index.js';
import { extract } from '../packages/extractors/src/index.js';
import { classifyIdentity } from '../fixtures/accuracy/lib/identity.mjs';

/**
 * The brief's privacy rule, checked over everything committed: a fixture, test, doc or bench script may
 * hold a valid personnummer or samordningsnummer (date + Luhn) only when it cannot be a real person's —
 * Skatteverket's official test numbers, the public personnummer/meta test vectors, numbers of PTS's
 * fiction series for mobile phones (070-174 06 05 … 99, which sometimes validate), and the few examples
 * listed below with the reason each is safe. Anything else must be generated at run time.
 * Office documents, PDFs and archives are checked on their extracted text, not their bytes.
 */
const root = join(fileURLToPath(new URL('.', import.meta.url)), '..');
const SKIP_DIRS = new Set(['node_modules', 'dist', '.git', 'results', 'coverage']);
const SKIP_FILES = /(^|\/)(pnpm-lock\.yaml|generated\/test-numbers\.ts)$|^packages\/core\/data\/|\.(png|jpe?g|gif|tsbuildinfo)$/;
/** Examples allowed by name, each with why it is safe. */
const EXPLAINED = new Map([
  ['7010632391', "Skatteverket's own published samordningsnummer example (detection spec §1.3)"],
  ['2612310017', 'the future-date example in docs/confidence.md: its birth date had not happened when it was written'],
]);
const SHAPE = /(?<!\d)(\d{2})?(\d{6})([-+ ]?)(\d{4})(?!\d)/g;

const metaVectors = new Set<string>(
  (JSON.parse(readFileSync(join(root, 'packages/core/data/personnummer-meta/list.json'), 'utf8')) as { short_format: string }[]).map(
    (v) => v.short_format,
  ),
);

function committedFiles(dir: string, out: string[] = []): string[] {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.isDirectory()) {
      if (!SKIP_DIRS.has(entry.name)) committedFiles(join(dir, entry.name), out);
    } else if (entry.isFile()) {
      const path = relative(root, join(dir, entry.name));
      if (!SKIP_FILES.test(path) && statSync(join(dir, entry.name)).size < 8 * 1024 * 1024) out.push(path);
    }
  }
  return out;
}

async function textsOf(path: string): Promise<string[]> {
  const bytes = readFileSync(join(root, path));
  const texts: string[] = [bytes.toString('utf8')];
  try {
    const extraction = await extract({ name: path, size: bytes.length, bytes, open: () => Readable.from([bytes]) });
    if (extraction.format === 'text') return texts;
    for await (const event of extraction.events) if (event.kind === 'segment') texts.push(event.segment.text);
  } catch {
    // Hostile fixtures (truncated, encrypted…) have no text beyond their raw bytes.
  }
  return texts;
}

function isSafe(century: string | undefined, tenDigits: string): boolean {
  if (metaVectors.has(tenDigits) || EXPLAINED.has(tenDigits) || tenDigits.startsWith('07017406')) return true;
  const centuries = century ? [century] : ['18', '19', '20'];
  return centuries.some((c) => isTestNumber(c + tenDigits));
}

describe('committed identity numbers', () => {
  it('are all official test numbers, public test vectors or explained examples', async () => {
    const now = new Date();
    const unsafe: string[] = [];
    const files = committedFiles(root);
    expect(files.length).toBeGreaterThan(100);
    for (const path of files) {
      const seen = new Set<string>();
      for (const text of await textsOf(path)) {
        for (const m of text.matchAll(SHAPE)) {
          const [, century, date, sep, serial] = m;
          const tenDigits = date! + serial!;
          if (seen.has(m[0])) continue;
          seen.add(m[0]);
          const { type } = classifyIdentity(tenDigits, { century: century ?? null, sep: sep === '+' ? '+' : '-', now });
          if (type !== 'PERSONNUMMER' && type !== 'SAMORDNINGSNUMMER') continue;
          // Reported masked, like everything gallra prints: the point is to find, not to repeat.
          if (!isSafe(century, tenDigits)) unsafe.push(`${path}: ${(century ?? '') + date}-**** (${type})`);
        }
      }
    }
    expect(unsafe).toEqual([]);
  }, 60_000);

  it('would catch a valid number that is not a test number', () => {
    // Built at run time from the oracle: a valid number that is not in any allow-list.
    let found: string | null = null;
    for (let serial = 0; serial < 1000 && !found; serial++) {
      const nine = `850101${String(serial).padStart(3, '0')}`;
      for (let check = 0; check <= 9; check++) {
        const ten = nine + check;
        if (classifyIdentity(ten, { now: new Date() }).type === 'PERSONNUMMER' && !isSafe(undefined, ten)) found = ten;
      }
    }
    expect(found).not.toBeNull();
    expect(isSafe(undefined, '6408233234')).toBe(true); // an official test number
  });
});
