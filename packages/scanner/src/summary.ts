import type { Confidence, EntityType } from '@gallra/core';
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
    if (file.findings.length > 0) this.filesWithFindings++;
    for (const finding of file.findings) {
      this.findings++;
      if (finding.testNumber) this.testNumberFindings++;
      if (finding.suppression) this.suppressed++;
      if (findingFails(finding, this.policy)) this.failing++;
      this.byType[finding.type] = (this.byType[finding.type] ?? 0) + 1;
      this.byConfidence[finding.confidence] = (this.byConfidence[finding.confidence] ?? 0) + 1;
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
