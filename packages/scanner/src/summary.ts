import type { Confidence, EntityType } from '@gallra/core';
import { packedFindingsOf, tallyFindings, type FindingTally } from './packed-findings.js';
import type { FileReport, ReportFinding, ReportSummary } from './report.js';

/** Confidence levels, lowest first. */
const RANK: Readonly<Record<Confidence, number>> = { low: 1, medium: 2, high: 3 };

/** When findings fail a scan. */
export interface FailPolicy {
  /** Lowest confidence that fails; `none` never fails. */
  readonly failOn: Confidence | 'none';
  /** Whether official test numbers count. */
  readonly failOnTestNumbers: boolean;
}

/** Whether one finding reaches the failure threshold. */
export function findingFails(finding: ReportFinding, policy: FailPolicy): boolean {
  if (policy.failOn === 'none') return false;
  if (finding.suppression) return false;
  if (finding.testNumber && !policy.failOnTestNumbers) return false;
  return RANK[finding.confidence] >= RANK[policy.failOn];
}

/** Adds up file reports into the report's summary as they stream past. */
export class SummaryBuilder {
  private files = 0;
  private filesWithFindings = 0;
  private errors = 0;
  private skipped = 0;
  private findings = 0;
  private testNumberFindings = 0;
  private failing = 0;
  private suppressed = 0;
  private readonly byType: Partial<Record<EntityType, number>> = {};
  private readonly byConfidence: Partial<Record<Confidence, number>> = {};

  constructor(private readonly policy: FailPolicy) {}

  add(file: FileReport): void {
    this.files++;
    if (file.status === 'error') this.errors++;
    if (file.status === 'skipped') this.skipped++;
    // Packed findings come with their tally (made in the worker); otherwise count them here.
    const packed = packedFindingsOf(file);
    const count = packed ? packed.count : file.findings.length;
    if (count === 0) return;
    this.filesWithFindings++;
    this.addTally(count, packed ? packed.tally : tallyFindings(file.findings));
  }

  private addTally(count: number, tally: FindingTally): void {
    this.findings += count;
    this.testNumberFindings += tally.testNumbers;
    this.suppressed += tally.suppressed;
    for (const [type, n] of tally.byType) this.byType[type] = (this.byType[type] ?? 0) + n;
    for (const [confidence, n] of tally.byConfidence) this.byConfidence[confidence] = (this.byConfidence[confidence] ?? 0) + n;
    if (this.policy.failOn === 'none') return;
    const threshold = RANK[this.policy.failOn];
    for (const [confidence, plain, test] of tally.open) {
      if (!(RANK[confidence] >= threshold)) continue;
      this.failing += plain + (this.policy.failOnTestNumbers ? test : 0);
    }
  }

  /** True when at least one finding reached the failure threshold. */
  get failed(): boolean {
    return this.failing > 0;
  }

  build(): ReportSummary {
    return {
      files: this.files,
      filesWithFindings: this.filesWithFindings,
      errors: this.errors,
      skipped: this.skipped,
      findingsByType: { ...this.byType },
      findings: this.findings,
      findingsByConfidence: { ...this.byConfidence },
      testNumberFindings: this.testNumberFindings,
      failingFindings: this.failing,
      ...(this.suppressed > 0 ? { suppressedFindings: this.suppressed } : {}),
    };
  }
}
