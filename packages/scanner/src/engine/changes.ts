import type { ReportFinding } from '../report.js';

/** Whether a finding was already reported for the same file by the previous scan. */
export type FindingChange = 'new' | 'unchanged';

/** A finding as remembered in the state database: no full value, ever. */
export type StoredFinding = Omit<ReportFinding, 'value'>;

/**
 * Compares a file's findings with the previous scan's by type and keyed fingerprint (not by
 * position: inserting a line above a number moves it but does not make it new). Counts matter:
 * a number that now appears twice where it appeared once is one unchanged and one new finding.
 */
export function compareFindings(
  current: readonly ReportFinding[],
  previous: readonly StoredFinding[],
): { since: FindingChange[]; fixed: StoredFinding[] } {
  const remaining = new Map<string, StoredFinding[]>();
  for (const finding of previous) {
    const key = `${finding.type}\u0000${finding.fingerprint}`;
    const list = remaining.get(key);
    if (list) list.push(finding);
    else remaining.set(key, [finding]);
  }
  const since = current.map((finding): FindingChange => {
    const list = remaining.get(`${finding.type}\u0000${finding.fingerprint}`);
    if (list && list.length > 0) {
      list.shift();
      return 'unchanged';
    }
    return 'new';
  });
  const fixed = [...remaining.values()].flat();
  return { since, fixed };
}

/** Strips the revealed value (if any) so nothing sensitive reaches the state database. */
export function storable(finding: ReportFinding): StoredFinding {
  if (finding.value === undefined) return finding;
  const { value: _value, ...rest } = finding;
  return rest;
}
