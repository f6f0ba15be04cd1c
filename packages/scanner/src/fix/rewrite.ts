import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createDetector, type Finding } from '@gallra/core';
import { decodeText } from '@gallra/extractors';
import { indexLineStarts } from '../location.js';
import { applySurface, pickTestNumber, surfaceFormOf } from './test-number-picker.js';

/** Formats whose bytes are the text itself, where replacing digits cannot corrupt the file. */
const TEXT_FORMATS: ReadonlySet<string> = new Set(['text', 'html', 'rtf']);

/** Which numbers to replace in one file: fingerprints as reports show them (full, or a prefix). */
export interface FixTarget {
  /** Path relative to the repository root. */
  readonly path: string;
  readonly fingerprints: readonly string[];
}

/** One planned replacement. `replacement` is an official test number, safe to show in full. */
export interface FixChange {
  readonly line: number;
  readonly column: number;
  readonly masked: string;
  readonly replacement: string;
}

/** What `--fix` will do (or refuses to do) to one file. */
export interface FixPlan {
  readonly path: string;
  readonly changes: readonly FixChange[];
  /** Set when the file is left alone: `binary`, `not-text`, `unreadable`, `no-test-number`, `changed`. */
  readonly refused?: { readonly reason: string; readonly message: string };
  /** The new bytes, when there are changes. */
  readonly bytes?: Buffer;
}

export interface FixOptions {
  readonly root: string;
  readonly fingerprintKey?: string;
  readonly now: Date;
  /** Formats by path, from the scan: only `text` files are rewritten. */
  readonly formats: ReadonlyMap<string, string>;
}

/**
 * Plans the rewrite of real numbers into official test numbers of the same surface form in working-tree
 * text files. Nothing is written; {@link applyFixPlans} does that. Office documents, PDFs and other
 * non-text files are refused (rewriting them would corrupt them), and so is a file where a replacement
 * would not read back as a test number.
 */
export async function planFixes(targets: readonly FixTarget[], options: FixOptions): Promise<FixPlan[]> {
  const detector = createDetector({ now: options.now, ...(options.fingerprintKey ? { fingerprintKey: options.fingerprintKey } : {}) });
  const plans: FixPlan[] = [];
  for (const target of targets) {
    const format = options.formats.get(target.path);
    if (format !== undefined && !TEXT_FORMATS.has(format)) {
      plans.push({ path: target.path, changes: [], refused: { reason: 'not-text', message: `${format} files are not rewritten (it would corrupt them); edit the document itself` } });
      continue;
    }
    let original: Buffer;
    try {
      original = await readFile(join(options.root, target.path));
    } catch (error) {
      plans.push({ path: target.path, changes: [], refused: { reason: 'unreadable', message: `cannot read the file (${(error as NodeJS.ErrnoException).code ?? 'error'})` } });
      continue;
    }
    const decoded = decodeText(original);
    if (decoded === null) {
      plans.push({ path: target.path, changes: [], refused: { reason: 'binary', message: 'binary file: not rewritten' } });
      continue;
    }
    plans.push(planFile(target, original, decoded.text, decoded.encoding, detector, options.now));
  }
  return plans;
}

function planFile(
  target: FixTarget,
  original: Buffer,
  text: string,
  encoding: string,
  detector: ReturnType<typeof createDetector>,
  now: Date,
): FixPlan {
  const wanted = (f: Finding) => !f.testNumber && target.fingerprints.some((fp) => f.fingerprint.startsWith(fp));
  const findings = detector.detect(text).filter(wanted);
  if (findings.length === 0) {
    return { path: target.path, changes: [], refused: { reason: 'changed', message: 'the numbers were not found in the working-tree file (changed since the scan?)' } };
  }
  const starts = indexLineStarts(text);
  const changes: FixChange[] = [];
  let next = '';
  let last = 0;
  for (const finding of findings.sort((a, b) => a.start - b.start)) {
    const surface = text.slice(finding.start, finding.end);
    const form = surfaceFormOf(surface);
    const picked = form ? pickTestNumber(finding.normalized, form, finding.fingerprint, now) : null;
    if (!form || !picked) {
      return { path: target.path, changes: [], refused: { reason: 'no-test-number', message: `no official test number fits ${finding.masked}` } };
    }
    next += text.slice(last, finding.start) + applySurface(surface, picked);
    last = finding.end;
    const line = lineOf(starts, finding.start);
    changes.push({ line: line + 1, column: finding.start - starts[line]! + 1, masked: finding.masked, replacement: applySurface(surface, picked) });
  }
  next += text.slice(last);
  // Read back: every replacement must now be detected as an official test number, and nothing real remains.
  const after = detector.detect(next);
  const readsBack = findings.every((g) => after.some((f) => f.start === g.start && f.end === g.end && f.testNumber));
  if (!readsBack) {
    return { path: target.path, changes: [], refused: { reason: 'no-test-number', message: 'a replacement did not read back as a test number; file left unchanged' } };
  }
  return { path: target.path, changes, bytes: encode(next, encoding, original) };
}

function lineOf(starts: readonly number[], offset: number): number {
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (starts[mid]! <= offset) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/** Encodes the new text exactly as the original was (BOM, UTF-16 byte order, windows-1252). */
function encode(text: string, encoding: string, original: Buffer): Buffer {
  switch (encoding) {
    case 'utf-16le':
      return Buffer.concat([original.subarray(0, 2), Buffer.from(text, 'utf16le')]);
    case 'utf-16be': {
      const le = Buffer.from(text, 'utf16le');
      return Buffer.concat([original.subarray(0, 2), le.swap16()]);
    }
    case 'windows-1252': {
      // One byte per character and only ASCII digits changed: patch the digits in place.
      const out = Buffer.from(original);
      for (let i = 0; i < text.length; i++) {
        const c = text.charCodeAt(i);
        if (c >= 48 && c <= 57) out[i] = c;
      }
      return out;
    }
    default: {
      const bom = original[0] === 0xef && original[1] === 0xbb && original[2] === 0xbf;
      return Buffer.concat([bom ? original.subarray(0, 3) : Buffer.alloc(0), Buffer.from(text, 'utf8')]);
    }
  }
}

/** Writes the planned files. Returns the number of replaced values. */
export async function applyFixPlans(plans: readonly FixPlan[], root: string): Promise<number> {
  let replaced = 0;
  for (const plan of plans) {
    if (!plan.bytes || plan.changes.length === 0) continue;
    await writeFile(join(root, plan.path), plan.bytes);
    replaced += plan.changes.length;
  }
  return replaced;
}
