/**
 * The finding rows of the text report. Kept apart from the writer so that scan workers can render
 * them next to the findings (see `PackedFindings.textRows`) and the main thread only joins strings.
 */
import type { ReportFinding, ReportLocation } from '../report.js';

/** Wraps text in an ANSI colour (or returns it as is when colours are off). */
export type Paint = (code: string, s: string) => string;

export function painter(color: boolean): Paint {
  return color ? (code, s) => `\u001b[${code}m${s}\u001b[0m` : (_code, s) => s;
}

/**
 * The rows for a file's findings: each `\n  <where>  <type>  <confidence>  <value>`, columns padded
 * to the widest entry of the file. Empty for no findings.
 */
export function formatFindingRows(findings: readonly ReportFinding[], paint: Paint): string {
  const count = findings.length;
  if (count === 0) return '';
  const places = new Array<string>(count);
  let whereWidth = 0;
  let typeWidth = 0;
  let confidenceWidth = 0;
  for (let i = 0; i < count; i++) {
    const finding = findings[i]!;
    const where = formatLocation(finding.location);
    places[i] = where;
    if (where.length > whereWidth) whereWidth = where.length;
    if (finding.type.length > typeWidth) typeWidth = finding.type.length;
    if (finding.confidence.length > confidenceWidth) confidenceWidth = finding.confidence.length;
  }
  let out = '';
  for (let i = 0; i < count; i++) {
    const { type, confidence } = findings[i]!;
    const level = confidence === 'high' ? paint('31', confidence) : confidence === 'medium' ? paint('33', confidence) : confidence;
    out += `\n  ${places[i]!.padEnd(whereWidth)}  ${type.padEnd(typeWidth)}  ${level}${' '.repeat(confidenceWidth - confidence.length)}  ${describeValue(findings[i]!)}`;
  }
  return out;
}

function describeValue(finding: ReportFinding): string {
  const shown = finding.value ?? finding.masked;
  if (!finding.testNumber && !finding.suppression) return shown;
  const notes = [finding.testNumber ? 'test number' : '', finding.suppression ? `accepted: ${finding.suppression.detail}` : ''].filter(Boolean);
  return `${shown} (${notes.join('; ')})`;
}

/** `line:column`, prefixed by the container member and the place (page, sheet!cell, …) when present. */
export function formatLocation(location: ReportLocation): string {
  // Each present part followed by one space: the same as joining the parts with spaces.
  let out = '';
  if (location.member) out += `${location.member} `;
  if (location.page !== undefined) out += `page ${location.page} `;
  if (location.sheet !== undefined) out += `${location.sheet}!${location.cell ?? ''} `;
  else if (location.cell !== undefined) out += `${location.cell} `;
  if (location.slide !== undefined) out += `slide ${location.slide} `;
  if (location.part !== undefined) out += `${location.part}${location.paragraph !== undefined ? ` ¶${location.paragraph}` : ''} `;
  if (location.message !== undefined) out += `message ${location.message} `;
  if (location.field !== undefined) out += `${location.field} `;
  return `${out}${location.line}:${location.column}`;
}
