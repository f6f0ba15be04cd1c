import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { removeDir, runCli, tempDir, type CliRun } from './cli-harness.js';
import { TestRepo, validPersonnummer } from './git-harness.js';

// Real (non-test) numbers are generated here from a date and a birth number; none is stored as data.
const REAL = validPersonnummer('850315', '123');
const REAL_2 = validPersonnummer('920704', '456');
const REAL_3 = validPersonnummer('770101', '789');
const DATE = ['--reference-date', '2026-06-01'];

interface JsonReport {
  files: { path: string; status: string; git?: { blob: string; commit: string | null }; findings: { masked: string; fingerprint: string; location: { line: number }; suppression?: { kind: string } }[] }[];
  summary: { failingFindings?: number; suppressedFindings?: number; errors: number };
}

describe('gallra ci (built CLI, real git repositories)', () => {
  let base: string;
  let home: string;
  let n = 0;
  const newRepo = () => new TestRepo(join(base, `repo-${n++}`), home);
  const ci = (repo: TestRepo | string, args: string[], env: NodeJS.ProcessEnv = {}): CliRun =>
    runCli(['ci', ...DATE, ...args], {
      cwd: typeof repo === 'string' ? repo : repo.dir,
      env: { ...(typeof repo === 'string' ? {} : repo.env), ...env },
      configHome: join(home, '.config'),
    });
  const json = (run: CliRun): JsonReport => JSON.parse(run.stdout) as JsonReport;

  beforeAll(() => {
    base = tempDir('ci');
    home = join(base, 'home');
    mkdirSync(home, { recursive: true });
  });
  afterAll(() => removeDir(base));

  it('fails on a committed personnummer, masked in the output', () => {
    const repo = newRepo();
    repo.commit('seed', { 'db/seed.sql': `INSERT INTO kund VALUES ('Anna', '${REAL}');\n`, 'README.md': 'hej\n' });
    const run = ci(repo, []);
    expect(run.status).toBe(1);
    // The only thing on stderr is the hint how to resolve it, with no value in it.
    expect(run.stderr).toMatch(/^gallra: to resolve: .*gallra ci --fix.*gallra:allow.*gallra baseline.*\n$/);
    expect(run.stdout).toContain('db/seed.sql');
    expect(run.stdout).toContain('19850315-****');
    expect(run.stdout).not.toContain(REAL);
    expect(run.stdout).not.toContain(REAL.replace('-', ''));
  });

  it('passes a clean repository and ignores untracked and git-ignored files', () => {
    const repo = newRepo();
    repo.commit('init', { '.gitignore': 'secret.txt\n', 'src/app.js': 'console.log(1);\n' });
    repo.write('secret.txt', `${REAL}\n`).write('untracked.txt', `${REAL}\n`);
    const run = ci(repo, ['-f', 'json']);
    expect(run.status).toBe(0);
    expect(json(run).files.map((f) => f.path).sort()).toEqual(['.gitignore', 'src/app.js']);
  });

  it('accepts lines marked gallra:allow or gallra:allow-next-line in any comment syntax', () => {
    const repo = newRepo();
    repo.commit('allowed', {
      'a.py': `x = "${REAL}"  # gallra:allow\n`,
      'b.ts': `// gallra:allow-next-line\nconst id = '${REAL}';\n`,
      'c.html': `<!-- gallra:allow-next-line -->\n<td>${REAL}</td>\n`,
      'd.sql': `SELECT '${REAL}'; -- gallra:allow\n`,
    });
    const run = ci(repo, ['-f', 'json']);
    expect(run.status).toBe(0);
    const findings = json(run).files.flatMap((f) => f.findings);
    expect(findings).toHaveLength(4);
    expect(findings.every((f) => f.suppression?.kind === 'inline')).toBe(true);
    // The marker accepts only its own line (or the next one): another number two lines down still fails.
    repo.commit('not allowed', { 'b.ts': `// gallra:allow-next-line\nconst id = '${REAL}';\n\nconst other = '${REAL_2}';\n` });
    const again = ci(repo, ['-f', 'json']);
    expect(again.status).toBe(1);
    expect(json(again).summary.failingFindings).toBe(1);
  });

  it('--staged sees only the staged additions, with their line numbers', () => {
    const repo = newRepo();
    repo.commit('old', { 'old.txt': `kund ${REAL}\nrad två\n` });
    expect(ci(repo, ['--staged']).status).toBe(0);
    // A staged edit elsewhere in the file: the committed number is not an added line.
    repo.write('old.txt', `kund ${REAL}\nrad två\nrad tre\n`);
    repo.git('add', 'old.txt');
    expect(ci(repo, ['--staged']).status).toBe(0);
    // Unstaged and untracked numbers are not part of the commit.
    repo.write('old.txt', `kund ${REAL}\nrad två\nrad tre\n${REAL_2}\n`).write('new-untracked.txt', `${REAL_3}\n`);
    expect(ci(repo, ['--staged']).status).toBe(0);
    // Staged: a new line with a number. The staged blob is read, not the working tree.
    repo.write('added.txt', `a\nb\n${REAL_3}\n`);
    repo.git('add', 'added.txt');
    repo.write('added.txt', 'changed after staging\n');
    const run = ci(repo, ['--staged', '-f', 'json']);
    expect(run.status).toBe(1);
    const files = json(run).files.filter((f) => f.findings.length > 0);
    expect(files.map((f) => f.path)).toEqual(['added.txt']);
    expect(files[0]!.findings.map((f) => [f.masked, f.location.line])).toEqual([['19770101-****', 3]]);
    expect(files[0]!.git?.commit).toBeNull();
    // Renaming a file adds no line: its old number is not new.
    repo.git('commit', '-q', '-m', 'added');
    repo.git('mv', 'old.txt', 'renamed.txt');
    expect(ci(repo, ['--staged']).status).toBe(0);
  });

  it('--staged handles old Mac line endings (lone CR), where git and the scanner count lines differently', () => {
    const repo = newRepo();
    repo.commit('mac', { 'mac.txt': `rad 1\rgammal ${REAL}\r` });
    repo.write('mac.txt', `rad 1\rgammal ${REAL}\rny rad\r`);
    repo.git('add', 'mac.txt');
    expect(ci(repo, ['--staged']).status).toBe(0);
    repo.write('mac.txt', `rad 1\rgammal ${REAL}\rny rad\rny ${REAL_2}\r`);
    repo.git('add', 'mac.txt');
    const run = ci(repo, ['--staged', '-f', 'json']);
    expect(run.status).toBe(1);
    expect(json(run).files.flatMap((f) => f.findings.map((x) => x.masked))).toEqual(['19920704-****']);
  });

  it('--staged works before the first commit', () => {
    const repo = newRepo();
    repo.write('first.txt', `${REAL}\n`);
    repo.git('add', 'first.txt');
    expect(ci(repo, ['--staged']).status).toBe(1);
  });

  it('--since and --range see the lines added by those commits only', () => {
    const repo = newRepo();
    const start = repo.commit('base', { 'a.txt': `${REAL}\n` });
    repo.commit('clean change', { 'a.txt': `${REAL}\nmore\n` });
    expect(ci(repo, ['--since', start]).status).toBe(0);
    const added = repo.commit('adds a number', { 'b.txt': `x\n${REAL_2}\n` });
    const since = ci(repo, ['--since', start, '-f', 'json']);
    expect(since.status).toBe(1);
    const hit = json(since).files.filter((f) => f.findings.length > 0);
    expect(hit.map((f) => [f.path, f.git?.commit, f.findings[0]!.location.line])).toEqual([['b.txt', added, 2]]);
    // A number added and removed again inside the range is still in the pushed history.
    repo.commit('removes it', { 'b.txt': 'x\n' });
    expect(ci(repo, ['--range', `${start}..HEAD`]).status).toBe(1);
    expect(ci(repo, ['--range', `${added}..HEAD`]).status).toBe(0);
    expect(ci(repo, ['--since', 'no-such-rev']).status).toBe(2);
  });

  it('--history finds a number deleted in a later commit, scanning each blob once', () => {
    const repo = newRepo();
    const intro = repo.commit('leak', { 'dump.csv': `namn;pnr\nAnna;${REAL}\n`, 'copy/dump.csv': `namn;pnr\nAnna;${REAL}\n` });
    repo.commit('remove', { 'dump.csv': 'namn;pnr\n' });
    rmSync(join(repo.dir, 'copy'), { recursive: true });
    repo.commit('remove copy');
    expect(ci(repo, []).status).toBe(0);
    const run = ci(repo, ['--history', '-f', 'json']);
    expect(run.status).toBe(1);
    const report = json(run);
    const blobs = report.files.map((f) => f.git!.blob);
    expect(new Set(blobs).size).toBe(blobs.length);
    const hits = report.files.filter((f) => f.findings.length > 0);
    // Both paths held the same blob: it is scanned (and reported) once, attributed to the commit that added it.
    expect(hits).toHaveLength(1);
    expect(hits[0]!.git?.commit).toBe(intro);
    expect(hits[0]!.findings[0]!.masked).toBe('19850315-****');
    // Worker threads give the same report (apart from times).
    const threaded = json(ci(repo, ['--history', '-f', 'json', '--jobs', '2']));
    const strip = (r: JsonReport) => JSON.stringify(r.files.map((f) => ({ ...f, modified: '' })));
    expect(strip(threaded)).toBe(strip(report));
  });

  it('works in a shallow clone, with a clear error for history it does not have', () => {
    const origin = newRepo();
    const first = origin.commit('one', { 'a.txt': 'a\n' });
    origin.commit('two', { 'b.txt': `${REAL}\n` });
    origin.commit('three', { 'c.txt': 'c\n' });
    const clone = join(base, `shallow-${n++}`);
    execFileSync('git', ['clone', '-q', '--depth', '1', `file://${origin.dir}`, clone], { env: origin.env });
    expect(execFileSync('git', ['rev-parse', '--is-shallow-repository'], { cwd: clone, encoding: 'utf8' }).trim()).toBe('true');
    expect(ci(clone, [], origin.env).status).toBe(1);
    expect(ci(clone, ['--history'], origin.env).status).toBe(1);
    const missing = ci(clone, ['--since', first], origin.env);
    expect(missing.status).toBe(2);
    expect(missing.stderr).toMatch(/shallow clone/);
  });

  it('exits 2 outside a repository and for conflicting modes', () => {
    const outside = join(base, 'not-a-repo');
    mkdirSync(outside);
    const run = ci(outside, [], { GIT_CEILING_DIRECTORIES: base });
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(/not inside a git work tree/);
    const repo = newRepo();
    expect(ci(repo, ['--staged', '--history']).status).toBe(2);
    expect(ci(repo, ['--range', 'a...b']).status).toBe(2);
    const noGit = ci(repo, [], { PATH: join(base, 'no-such-bin') });
    expect(noGit.status).toBe(2);
    expect(noGit.stderr).toMatch(/git is not installed/);
  });

  it('a baseline accepts old findings but not new ones, and does not churn when lines move', () => {
    const repo = newRepo();
    repo.commit('legacy', { 'legacy.sql': `-- gamla kunder\n'${REAL}'\n'${REAL_2}'\n` });
    const made = runCli(['baseline', ...DATE], { cwd: repo.dir, env: repo.env, configHome: join(home, '.config') });
    expect(made.status).toBe(0);
    const file = join(repo.dir, '.gallra-baseline.json');
    const first = readFileSync(file, 'utf8');
    expect(first).not.toMatch(/"line"|Z"|\d{4}-\d{2}-\d{2}T/);
    expect(first).not.toContain(REAL.replace('-', '').slice(6));
    expect(ci(repo, ['--baseline', file]).status).toBe(0);
    // Unrelated lines move: the baseline is byte-identical when regenerated.
    repo.commit('move', { 'legacy.sql': `-- gamla kunder\n-- flyttade\n\n'${REAL_2}'\n'${REAL}'\n` });
    runCli(['baseline', ...DATE, '-o', join(base, 'again.json')], { cwd: repo.dir, env: repo.env, configHome: join(home, '.config') });
    expect(readFileSync(join(base, 'again.json'), 'utf8')).toBe(first);
    expect(ci(repo, ['--baseline', file]).status).toBe(0);
    // A new number fails, the accepted ones stay accepted.
    repo.commit('new', { 'legacy.sql': `-- gamla kunder\n'${REAL_2}'\n'${REAL}'\n'${REAL_3}'\n` });
    const run = ci(repo, ['--baseline', file, '-f', 'json']);
    expect(run.status).toBe(1);
    const report = json(run);
    expect(report.summary.failingFindings).toBe(1);
    expect(report.summary.suppressedFindings).toBe(2);
  });

  it('a keyed baseline needs the same key on every machine', () => {
    const repo = newRepo();
    repo.commit('legacy', { 'a.txt': `${REAL}\n` });
    const key = { GALLRA_FINGERPRINT_KEY: 'ci-secret-1' };
    const cfg = join(home, '.config');
    expect(runCli(['baseline', ...DATE], { cwd: repo.dir, env: { ...repo.env, ...key }, configHome: cfg }).status).toBe(0);
    const baseline = readFileSync(join(repo.dir, '.gallra-baseline.json'), 'utf8');
    expect(baseline).toContain('"fingerprints": "keyed"');
    expect(ci(repo, ['--baseline', '.gallra-baseline.json'], key).status).toBe(0);
    const other = ci(repo, ['--baseline', '.gallra-baseline.json'], { GALLRA_FINGERPRINT_KEY: 'another-key' });
    expect(other.status).toBe(2);
    expect(other.stderr).toMatch(/different fingerprint key/);
    expect(ci(repo, ['--baseline', '.gallra-baseline.json']).status).toBe(2);
  });

  it('reads .gallraignore and the config allow-lists, and rejects a bad config with exit 2', () => {
    const repo = newRepo();
    repo.commit('files', { 'fixtures/people.csv': `${REAL}\n`, 'src/a.txt': `${REAL_2}\n` });
    expect(ci(repo, []).status).toBe(1);
    repo.write('.gallraignore', 'fixtures/\n');
    repo.write('.gallra.json', JSON.stringify({ allow: { paths: ['src/*.txt'] } }));
    repo.commit('ignore');
    expect(ci(repo, []).status).toBe(0);
    repo.write('.gallra.json', JSON.stringify({ failOn: 'sometimes' }));
    const bad = ci(repo, []);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/\.gallra\.json \(failOn\): must be one of/);
    repo.write('.gallra.json', JSON.stringify({ allow: { pathz: [] } }));
    expect(ci(repo, []).stderr).toMatch(/allow\.pathz/);
    repo.write('.gallra.json', '{ not json');
    expect(ci(repo, []).status).toBe(2);
    // Config types and fingerprints accept findings.
    repo.write('.gallra.json', JSON.stringify({ allow: { types: ['PERSONNUMMER'] } }));
    repo.write('.gallraignore', '');
    const typed = ci(repo, ['-f', 'json']);
    expect(typed.status).toBe(0);
    expect(json(typed).summary.suppressedFindings).toBe(2);
    repo.write('.gallra.json', '{}');
    const fingerprints = json(ci(repo, ['-f', 'json'])).files.flatMap((f) => f.findings.map((x) => x.fingerprint));
    repo.write('.gallra.json', JSON.stringify({ allow: { fingerprints } }));
    expect(ci(repo, []).status).toBe(0);
  });

  it('exits 3 with --fail-on-error when a tracked file cannot be read, never 1', () => {
    const repo = newRepo();
    repo.commit('files', { 'ok.txt': 'fine\n', 'broken.txt': 'was a file\n' });
    rmSync(join(repo.dir, 'broken.txt'));
    mkdirSync(join(repo.dir, 'broken.txt'));
    writeFileSync(join(repo.dir, 'broken.txt', 'inside'), 'x');
    expect(ci(repo, []).status).toBe(0);
    // A tracked file deleted in the working tree is skipped, not an error.
    rmSync(join(repo.dir, 'ok.txt'));
    const run = ci(repo, ['--fail-on-error', '-f', 'json']);
    expect(json(run).files.find((f) => f.path === 'ok.txt')?.status).toBe('skipped');
    expect(run.status).toBe(3);
    expect(json(run).summary.errors).toBe(1);
    // Findings and a broken file: 1 (found) wins, so "found" and "broke" never share a code.
    repo.commit('leak', { 'leak.txt': `${REAL}\n` });
    expect(ci(repo, ['--fail-on-error']).status).toBe(1);
  });

  it('writes GitHub annotations and JUnit XML with masked values', () => {
    const repo = newRepo();
    repo.commit('leak', { 'a b.txt': `rad\n${REAL}\n` });
    const github = ci(repo, ['-f', 'github']);
    expect(github.status).toBe(1);
    expect(github.stdout).toMatch(/^::error file=a b\.txt,title=gallra%3A Personnummer,line=2,col=1::.*19850315-\*\*\*\*/m);
    const junit = ci(repo, ['-f', 'junit']);
    expect(junit.stdout).toMatch(/^<\?xml version="1\.0" encoding="UTF-8"\?>/);
    expect(junit.stdout).toContain('<testcase classname="gallra" name="a b.txt">');
    expect(junit.stdout).toContain('<failure message="1 finding of personal data (PERSONNUMMER)"');
    for (const out of [github.stdout, junit.stdout]) expect(out).not.toContain(REAL);
    expect(ci(repo, ['-f', 'github', '--reveal']).stdout).toContain(`19${REAL.replace('-', '')}`);
  });

  it('allows official test numbers by default, reported as info', () => {
    const repo = newRepo();
    // 19640823-3234 is in Skatteverket's published list of test personnummer.
    repo.commit('fixture', { 'test/fixtures/kund.json': '{ "personnummer": "19640823-3234" }\n' });
    const run = ci(repo, ['-f', 'json']);
    expect(run.status).toBe(0);
    const findings = json(run).files.flatMap((f) => f.findings) as unknown as { testNumber: boolean }[];
    expect(findings).toHaveLength(1);
    expect(findings[0]!.testNumber).toBe(true);
    expect(ci(repo, ['-f', 'github']).stdout).toMatch(/^::notice file=test\/fixtures\/kund\.json.*official Skatteverket test number/m);
    expect(ci(repo, ['--fail-on-test-numbers']).status).toBe(1);
  });

  it('--fix --yes rewrites real numbers to test numbers of the same form', () => {
    const repo = newRepo();
    const twelve = `19${REAL.replace('-', '')}`;
    repo.commit('seed', {
      'db/seed.sql': `-- kunder\nINSERT INTO kund VALUES ('Anna', '${REAL}');\nINSERT INTO kund VALUES ('Bo', '${twelve}');\n`,
    });
    // Not in a terminal and no --yes: refuse before touching anything.
    expect(ci(repo, ['--fix']).status).toBe(2);
    const run = ci(repo, ['--fix', '--yes']);
    expect(run.status).toBe(1); // the exit code reports what the scan found
    expect(run.stderr).toMatch(/db\/seed\.sql:2:\d+ {2}19850315-\*\*\*\* → \d{6}-\d{4} \(official test number\)/);
    expect(run.stderr).not.toContain(REAL);
    const fixed = readFileSync(join(repo.dir, 'db/seed.sql'), 'utf8');
    expect(fixed).toMatch(/^-- kunder\nINSERT INTO kund VALUES \('Anna', '\d{6}-\d{4}'\);\nINSERT INTO kund VALUES \('Bo', '\d{12}'\);\n$/);
    expect(fixed).not.toContain(REAL);
    // The same number became the same test number in both forms.
    const [ten, full] = [/'(\d{6}-\d{4})'/.exec(fixed)![1]!, /'(\d{12})'/.exec(fixed)![1]!];
    expect(full.slice(2)).toBe(ten.replace('-', ''));
    const after = ci(repo, ['-f', 'json']);
    const sql = json(after).files.find((f) => f.path === 'db/seed.sql')!;
    expect((sql.findings as unknown as { testNumber: boolean }[]).every((f) => f.testNumber)).toBe(true);
  });
});

