import { createHmac } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { ConfigError } from '../config/config-error.js';

/**
 * A baseline: findings a project has accepted, so that only new ones fail CI.
 *
 * Entries are keyed by path, entity type and fingerprint — never line numbers, timestamps or counts —
 * and written sorted, one per line. Moving unrelated lines therefore never changes the file, and two
 * branches that accept different findings touch different lines (no merge conflicts).
 *
 * Fingerprints:
 * - `keyed`: made with a secret key (config `fingerprintKey` or env `GALLRA_FINGERPRINT_KEY`), the first
 *   {@link KEYED_FINGERPRINT_LENGTH} hex digits of the HMAC. Not reversible without the key; `keyId`
 *   (an HMAC of a constant, not the key) detects a baseline made with another key.
 * - `public`: no key. The HMAC with gallra's public key, truncated to {@link PUBLIC_FINGERPRINT_LENGTH}
 *   hex digits (20 bits). There are only ~5·10⁷ valid personnummer, so a full public fingerprint is
 *   reversed by enumeration in seconds; truncated to 20 bits each value matches ~45 valid numbers, so
 *   an entry does not single one out. The price: a new number in the same file is wrongly accepted
 *   with probability (entries for that file)/2²⁰. See docs/ci.md.
 */
export interface Baseline {
  readonly version: 1;
  readonly fingerprints: 'keyed' | 'public';
  readonly keyId?: string;
  readonly entries: readonly BaselineEntry[];
}

export interface BaselineEntry {
  readonly path: string;
  readonly type: string;
  readonly fingerprint: string;
}

/** Anything with a path, type and full fingerprint, e.g. a report finding with its file's path. */
export interface BaselineCandidate {
  readonly path: string;
  readonly type: string;
  readonly fingerprint: string;
}

export const KEYED_FINGERPRINT_LENGTH = 32;
export const PUBLIC_FINGERPRINT_LENGTH = 5;

/** A short, non-secret id of a key: lets a baseline say which key made it without revealing it. */
export function keyIdOf(key: string): string {
  return createHmac('sha256', key).update('gallra-baseline-key-id', 'utf8').digest('hex').slice(0, 12);
}

/** Builds a baseline from accepted findings: truncated fingerprints, deduplicated and sorted. */
export function createBaseline(findings: Iterable<BaselineCandidate>, key: string | undefined): Baseline {
  const length = key ? KEYED_FINGERPRINT_LENGTH : PUBLIC_FINGERPRINT_LENGTH;
  const unique = new Map<string, BaselineEntry>();
  for (const f of findings) {
    const entry = { path: f.path, type: f.type, fingerprint: f.fingerprint.slice(0, length) };
    unique.set(`${entry.path}\0${entry.type}\0${entry.fingerprint}`, entry);
  }
  const entries = [...unique.values()].sort(compareEntries);
  return key ? { version: 1, fingerprints: 'keyed', keyId: keyIdOf(key), entries } : { version: 1, fingerprints: 'public', entries };
}

function compareEntries(a: BaselineEntry, b: BaselineEntry): number {
  return cmp(a.path, b.path) || cmp(a.type, b.type) || cmp(a.fingerprint, b.fingerprint);
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Serialises a baseline: stable key order, one entry per line, trailing newline. */
export function formatBaseline(baseline: Baseline): string {
  const head = [`  "gallraBaseline": ${baseline.version}`, `  "fingerprints": ${JSON.stringify(baseline.fingerprints)}`];
  if (baseline.keyId) head.push(`  "keyId": ${JSON.stringify(baseline.keyId)}`);
  const lines = baseline.entries.map(
    (e) => `    { "path": ${JSON.stringify(e.path)}, "type": ${JSON.stringify(e.type)}, "fingerprint": ${JSON.stringify(e.fingerprint)} }`,
  );
  const entries = lines.length === 0 ? '  "entries": []' : `  "entries": [\n${lines.join(',\n')}\n  ]`;
  return `{\n${[...head, entries].join(',\n')}\n}\n`;
}

/**
 * Reads a baseline file — or a JSON scan report, whose findings are then the accepted ones — and checks
 * that it fits the current fingerprint key. Throws `ConfigError` (exit 2) when it cannot be used.
 */
export async function loadBaseline(file: string, key: string | undefined): Promise<Baseline> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new ConfigError('unreadable', file, null, `cannot read the baseline (${code ?? 'error'})`, { cause: error });
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new ConfigError('invalid-json', file, null, `the baseline is not valid JSON: ${(error as Error).message}`, { cause: error });
  }
  return parseBaseline(data, file, key);
}

export function parseBaseline(data: unknown, file: string, key: string | undefined): Baseline {
  const fail = (keyPath: string | null, detail: string): never => {
    throw new ConfigError('invalid-value', file, keyPath, detail);
  };
  if (typeof data !== 'object' || data === null || Array.isArray(data)) return fail(null, 'a baseline must be a JSON object');
  const obj = data as Record<string, unknown>;
  if (Array.isArray(obj.files) && typeof obj.schemaVersion === 'string') return baselineFromReport(obj.files, file, key);
  if (obj.gallraBaseline !== 1) return fail('gallraBaseline', 'not a gallra baseline (expected "gallraBaseline": 1) nor a JSON scan report');
  const mode = obj.fingerprints;
  if (mode !== 'keyed' && mode !== 'public') return fail('fingerprints', 'must be "keyed" or "public"');
  if (mode === 'keyed') {
    if (!key) {
      throw new ConfigError('key-mismatch', file, 'fingerprints', 'the baseline was made with a fingerprint key: set GALLRA_FINGERPRINT_KEY (or the config key) to use it');
    }
    if (obj.keyId !== keyIdOf(key)) {
      throw new ConfigError('key-mismatch', file, 'keyId', 'the baseline was made with a different fingerprint key: regenerate it with `gallra baseline`');
    }
  } else if (key) {
    throw new ConfigError('key-mismatch', file, 'fingerprints', 'the baseline was made without a fingerprint key but one is set now: regenerate it with `gallra baseline`');
  }
  if (!Array.isArray(obj.entries)) return fail('entries', 'must be an array');
  const entries = obj.entries.map((e: unknown, i): BaselineEntry => {
    const entry = e as Record<string, unknown>;
    if (typeof e !== 'object' || e === null) return fail(`entries[${i}]`, 'must be an object');
    for (const field of ['path', 'type', 'fingerprint'] as const) {
      if (typeof entry[field] !== 'string' || entry[field] === '') fail(`entries[${i}].${field}`, 'must be a non-empty string');
    }
    if (!/^[0-9a-f]+$/.test(entry.fingerprint as string)) fail(`entries[${i}].fingerprint`, 'must be lower-case hex');
    return { path: entry.path as string, type: entry.type as string, fingerprint: entry.fingerprint as string };
  });
  return mode === 'keyed' ? { version: 1, fingerprints: mode, keyId: obj.keyId as string, entries } : { version: 1, fingerprints: mode, entries };
}

/** A JSON report as a baseline: its findings (full fingerprints, made with whatever key that scan used). */
function baselineFromReport(files: unknown[], file: string, key: string | undefined): Baseline {
  const candidates: BaselineCandidate[] = [];
  files.forEach((f, i) => {
    const fileReport = f as { path?: unknown; findings?: unknown };
    if (typeof fileReport.path !== 'string' || !Array.isArray(fileReport.findings)) {
      throw new ConfigError('invalid-value', file, `files[${i}]`, 'a report file entry needs `path` and `findings`');
    }
    for (const finding of fileReport.findings as { type?: unknown; fingerprint?: unknown }[]) {
      if (typeof finding.type === 'string' && typeof finding.fingerprint === 'string') {
        candidates.push({ path: fileReport.path, type: finding.type, fingerprint: finding.fingerprint });
      }
    }
  });
  // Keep full fingerprints: they were made by the same detector with (presumably) the same key.
  const entries = [...new Map(candidates.map((c) => [`${c.path}\0${c.type}\0${c.fingerprint}`, c])).values()].sort(compareEntries);
  return key ? { version: 1, fingerprints: 'keyed', keyId: keyIdOf(key), entries } : { version: 1, fingerprints: 'public', entries };
}

/** Answers "was this finding accepted by the baseline?" in O(1) per finding. */
export class BaselineMatcher {
  private readonly byPathType = new Map<string, string[]>();

  constructor(baseline: Baseline) {
    for (const e of baseline.entries) {
      const k = `${e.path}\0${e.type}`;
      const list = this.byPathType.get(k);
      if (list) list.push(e.fingerprint);
      else this.byPathType.set(k, [e.fingerprint]);
    }
  }

  accepts(candidate: BaselineCandidate): boolean {
    const list = this.byPathType.get(`${candidate.path}\0${candidate.type}`);
    return list !== undefined && list.some((fp) => candidate.fingerprint.startsWith(fp));
  }
}
