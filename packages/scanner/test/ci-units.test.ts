import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { inlineAllowedLines } from '../src/allow/inline-allow.js';
import { BaselineMatcher, createBaseline, formatBaseline, keyIdOf, parseBaseline } from '../src/baseline/baseline.js';
import { ConfigError } from '../src/config/config-error.js';
import { parseConfig } from '../src/config/config.js';
import { lineInRanges, parseDiffSection, parseHunks } from '../src/git/diff.js';
import { command } from '../src/writers/github.js';
import { createJunitWriter } from '../src/writers/junit.js';

const A = 'a'.repeat(40);
const B = 'b'.repeat(40);
const C = 'c'.repeat(40);
const Z = '0'.repeat(40);

describe('git diff parsing', () => {
  it('pairs raw records with patches and reads added line ranges from -U0 hunks', () => {
    const out =
      `:000000 100644 ${Z} ${A} A\0new file.txt\0:100644 100644 ${B} ${C} M\0src/x.ts\0` +
      `:100644 100644 ${B} ${A} R087\0old.txt\0renamed.txt\0:100644 000000 ${C} ${Z} D\0gone.txt\0\0` +
      'diff --git a/new file.txt b/new file.txt\nnew file mode 100644\nindex 0000000..aaaaaaa\n--- /dev/null\n+++ b/new file.txt\t\n@@ -0,0 +1,3 @@\n+a\n+b\n+c\n' +
      'diff --git a/src/x.ts b/src/x.ts\nindex bbbbbbb..ccccccc 100644\n--- a/src/x.ts\n+++ b/src/x.ts\n@@ -2 +2 @@ a\n-b\n+B\n@@ -5,2 +4,0 @@\n-x\n-y\n@@ -9,0 +9,2 @@ c\n+d\n+e\n' +
      'diff --git a/old.txt b/renamed.txt\nsimilarity index 87%\nrename from old.txt\nrename to renamed.txt\n--- a/old.txt\n+++ b/renamed.txt\n@@ -4,0 +5 @@\n+z\n' +
      'diff --git a/gone.txt b/gone.txt\ndeleted file mode 100644\n--- a/gone.txt\n+++ /dev/null\n@@ -1 +0,0 @@\n-q\n';
    const files = parseDiffSection(out, null);
    expect(files.map((f) => [f.path, f.status, f.oldPath, f.oldBlob, f.newBlob, f.added, f.binary])).toEqual([
      ['new file.txt', 'A', null, null, A, [{ start: 1, end: 3 }], false],
      ['src/x.ts', 'M', null, B, C, [{ start: 2, end: 2 }, { start: 9, end: 10 }], false],
      ['renamed.txt', 'R', 'old.txt', B, A, [{ start: 5, end: 5 }], false],
    ]);
  });

  it('marks binary patches and skips submodules and symlinks', () => {
    const out =
      `:000000 100644 ${Z} ${A} A\0logo.png\0:000000 160000 ${Z} ${B} A\0vendor/lib\0:000000 120000 ${Z} ${C} A\0link\0\0` +
      'diff --git a/logo.png b/logo.png\nnew file mode 100644\nindex 0000000..aaaaaaa\nBinary files /dev/null and b/logo.png differ\n' +
      'diff --git a/vendor/lib b/vendor/lib\nnew file mode 160000\n--- /dev/null\n+++ b/vendor/lib\n@@ -0,0 +1 @@\n+Subproject commit bbbb\n' +
      'diff --git a/link b/link\nnew file mode 120000\n--- /dev/null\n+++ b/link\n@@ -0,0 +1 @@\n+target\n\\ No newline at end of file\n';
    const files = parseDiffSection(out, 'f'.repeat(40));
    expect(files).toHaveLength(1);
    expect(files[0]).toMatchObject({ path: 'logo.png', binary: true, added: [], commit: 'f'.repeat(40) });
  });

  it('finds ranges by binary search', () => {
    const ranges = parseHunks('@@ -1 +1,2 @@\n@@ -10,0 +12 @@\n@@ -20,3 +30,0 @@\n@@ -40 +50,5 @@\n').added;
    expect(ranges).toEqual([{ start: 1, end: 2 }, { start: 12, end: 12 }, { start: 50, end: 54 }]);
    const inside = [1, 2, 12, 50, 54];
    for (let line = 0; line < 60; line++) expect(lineInRanges(ranges, line)).toBe(inside.includes(line) || (line > 50 && line < 54));
  });
});

describe('inline allow markers', () => {
  it('accepts the marked line and the line after allow-next-line, in any comment syntax', () => {
    const text = ['a  # gallra:allow', '// gallra:allow-next-line', 'b', 'c', '<!-- gallra:allow-next-line -->', 'd', 'e -- gallra:allow', '/* gallra:allowed */ f', 'REM gallra:allow-next-lines', 'g'].join('\r\n');
    expect([...inlineAllowedLines(text)].sort((x, y) => x - y)).toEqual([1, 3, 6, 7]);
    expect(inlineAllowedLines('no markers here').size).toBe(0);
  });
});

describe('config validation', () => {
  it('accepts a full config', () => {
    const config = parseConfig(
      JSON.stringify({ failOn: 'high', failOnTestNumbers: true, fingerprintKeyEnv: 'MY_KEY', baseline: 'b.json', allow: { paths: ['x/**'], fingerprints: ['abcde', 'a'.repeat(64)], types: ['PARTIAL_PERSONNUMMER'] } }),
      'c.json',
    );
    expect(config.failOn).toBe('high');
    expect(config.allow?.fingerprints).toHaveLength(2);
  });

  it.each([
    ['[]', null, /must be a JSON object/],
    ['{"failOn": 3}', 'failOn', /must be one of low, medium, high, none/],
    ['{"failOnTestNumbers": "yes"}', 'failOnTestNumbers', /true or false/],
    ['{"fingerprintKeyEnv": "not a name"}', 'fingerprintKeyEnv', /environment variable/],
    ['{"allow": {"fingerprints": ["XYZ"]}}', 'allow.fingerprints[0]', /hex/],
    ['{"allow": {"types": ["personnummer"]}}', 'allow.types[0]', /entity type/],
    ['{"allow": {"paths": "x"}}', 'allow.paths', /array of strings/],
    ['{"alow": {}}', 'alow', /unknown key/],
  ])('rejects %s at %s', (text, keyPath, message) => {
    try {
      parseConfig(text, 'cfg.json');
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      expect((error as ConfigError).keyPath).toBe(keyPath);
      expect((error as ConfigError).message).toMatch(message);
      expect((error as ConfigError).message).toMatch(/^cfg\.json/);
    }
  });
});

describe('baseline', () => {
  const fp = (n: number) => n.toString(16).padStart(2, '0').repeat(32);
  const findings = [
    { path: 'b.sql', type: 'PERSONNUMMER', fingerprint: fp(2) },
    { path: 'a.sql', type: 'PERSONNUMMER', fingerprint: fp(9) },
    { path: 'a.sql', type: 'PERSONNUMMER', fingerprint: fp(1) },
    { path: 'a.sql', type: 'PERSONNUMMER', fingerprint: fp(1) },
  ];

  it('is sorted, deduplicated and independent of finding order', () => {
    const one = formatBaseline(createBaseline(findings, undefined));
    const two = formatBaseline(createBaseline([...findings].reverse(), undefined));
    expect(one).toBe(two);
    const parsed = parseBaseline(JSON.parse(one), 'b.json', undefined);
    expect(parsed.entries.map((e) => [e.path, e.fingerprint])).toEqual([
      ['a.sql', fp(1).slice(0, 5)],
      ['a.sql', fp(9).slice(0, 5)],
      ['b.sql', fp(2).slice(0, 5)],
    ]);
    // One entry per line: accepting one more finding is a one-line diff.
    expect(one.split('\n').filter((l) => l.includes('"fingerprint"'))).toHaveLength(3);
  });

  it('matches by path, type and fingerprint prefix', () => {
    const matcher = new BaselineMatcher(createBaseline(findings, 'k'));
    expect(matcher.accepts({ path: 'a.sql', type: 'PERSONNUMMER', fingerprint: fp(9) })).toBe(true);
    expect(matcher.accepts({ path: 'b.sql', type: 'PERSONNUMMER', fingerprint: fp(9) })).toBe(false);
    expect(matcher.accepts({ path: 'a.sql', type: 'SAMORDNINGSNUMMER', fingerprint: fp(9) })).toBe(false);
    expect(matcher.accepts({ path: 'a.sql', type: 'PERSONNUMMER', fingerprint: fp(3) })).toBe(false);
  });

  it('refuses a baseline made with another key, or without one', () => {
    const keyed = JSON.parse(formatBaseline(createBaseline(findings, 'k1')));
    expect(keyed.keyId).toBe(keyIdOf('k1'));
    expect(() => parseBaseline(keyed, 'b.json', 'k2')).toThrow(/different fingerprint key/);
    expect(() => parseBaseline(keyed, 'b.json', undefined)).toThrow(/GALLRA_FINGERPRINT_KEY/);
    const pub = JSON.parse(formatBaseline(createBaseline(findings, undefined)));
    expect(() => parseBaseline(pub, 'b.json', 'k1')).toThrow(/without a fingerprint key/);
    expect(() => parseBaseline({ entries: [] }, 'b.json', undefined)).toThrow(ConfigError);
  });

  it('accepts a JSON scan report as a baseline', () => {
    const report = { schemaVersion: '1.0.0', files: [{ path: 'a.sql', findings: [{ type: 'PERSONNUMMER', fingerprint: fp(4) }] }] };
    const matcher = new BaselineMatcher(parseBaseline(report, 'r.json', undefined));
    expect(matcher.accepts({ path: 'a.sql', type: 'PERSONNUMMER', fingerprint: fp(4) })).toBe(true);
  });
});

describe('GitHub annotations and JUnit escaping', () => {
  it('escapes workflow command data and properties', () => {
    expect(command('error', { file: 'a,b:c.txt', line: '3' }, '50% done\nnext')).toBe('::error file=a%2Cb%3Ac.txt,line=3::50%25 done%0Anext');
  });

  it('writes well-formed XML for hostile file names', async () => {
    const chunks: string[] = [];
    const out = new Writable({ write: (c, _e, done) => (chunks.push(String(c)), done()) });
    const writer = createJunitWriter({ out });
    await writer.begin({ schemaVersion: '1', tool: { name: 'gallra', version: '0' }, scan: { roots: ['.'], startedAt: '2026-06-01T10:00:00.000Z', options: {} } });
    await writer.file({ root: '.', path: 'a"<&>\u0001.txt', size: 1, modified: '', format: 'text', status: 'error', error: { reason: 'unreadable', message: 'x < y' }, findings: [] });
    await writer.end({ finishedAt: '2026-06-01T10:00:02.000Z', summary: { files: 1, filesWithFindings: 0, errors: 1, findingsByType: {} }, failed: false });
    const xml = chunks.join('');
    expect(xml).toContain('name="a&quot;&lt;&amp;&gt;.txt"');
    expect(xml).toContain('<error message="unreadable: x &lt; y" type="unreadable"/>');
    expect(xml).toContain('tests="1" failures="0" errors="1"');
    expect(xml).toContain('time="2.000"');
  });
});
