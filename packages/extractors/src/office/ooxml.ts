import { posix } from 'node:path';
import type { FormatEvent } from '../format.js';
import { collectXml } from './xml-stream.js';
import type { ZipArchive } from './zip-archive.js';

/** One relationship of an OOXML part. */
export interface Relationship {
  readonly id: string;
  /** Type URI's last path segment, e.g. `officeDocument`, `worksheet`, `notesSlide`. */
  readonly type: string;
  /** Target resolved to a zip entry name (no leading slash); unchanged for external targets. */
  readonly target: string;
  readonly external: boolean;
}

/** `word/document.xml` → `word/_rels/document.xml.rels`. */
export function relsPathOf(part: string): string {
  return posix.join(posix.dirname(part), '_rels', `${posix.basename(part)}.rels`).replace(/^\.\//, '');
}

/** Resolves a relationship target against the part it belongs to (`''` for the package root). */
export function resolveTarget(sourcePart: string, target: string): string {
  if (target.startsWith('/')) return target.slice(1);
  const base = sourcePart === '' ? '' : posix.dirname(sourcePart);
  return posix.normalize(posix.join(base, target)).replace(/^\.\//, '');
}

/** Relationships of `part` (`''` for the package's `_rels/.rels`); empty when there is no rels part. */
export async function readRelationships(archive: ZipArchive, part: string): Promise<Relationship[]> {
  const relsPath = part === '' ? '_rels/.rels' : relsPathOf(part);
  if (!archive.has(relsPath)) return [];
  const xml = await archive.readText(relsPath);
  return collectXml<Relationship>(xml, {
    open(name, attrs, emit) {
      if (name !== 'Relationship' || !attrs.Target) return;
      const external = attrs.TargetMode === 'External';
      emit({
        id: attrs.Id ?? '',
        type: (attrs.Type ?? '').split('/').pop() ?? '',
        target: external ? attrs.Target : resolveTarget(part, attrs.Target),
        external,
      });
    },
  });
}

/** The main part of the package (`word/document.xml`, `xl/workbook.xml`, …), from `_rels/.rels`. */
export async function mainPart(archive: ZipArchive, fallback: string): Promise<string> {
  const rels = await readRelationships(archive, '');
  const main = rels.find((r) => r.type === 'officeDocument' && !r.external);
  return main && archive.has(main.target) ? main.target : fallback;
}

const CORE_FIELDS: Record<string, string> = {
  creator: 'author',
  lastModifiedBy: 'lastModifiedBy',
  title: 'title',
  subject: 'subject',
  description: 'description',
  keywords: 'keywords',
  category: 'category',
  contentStatus: 'contentStatus',
};
const APP_FIELDS: Record<string, string> = { Company: 'company', Manager: 'manager' };

/**
 * Document properties as metadata events: `docProps/core.xml` (author, lastModifiedBy, title…),
 * `docProps/app.xml` (company, manager) and `docProps/custom.xml` (`custom:<name>`).
 */
export async function* ooxmlProperties(archive: ZipArchive): AsyncGenerator<FormatEvent> {
  for (const [part, fields] of [
    ['docProps/core.xml', CORE_FIELDS],
    ['docProps/app.xml', APP_FIELDS],
  ] as const) {
    if (!archive.has(part)) continue;
    let field: string | undefined;
    let value = '';
    yield* await collectXml<FormatEvent>(await archive.readText(part), {
      open(name) {
        field = fields[name];
        value = '';
      },
      text(t) {
        if (field) value += t;
      },
      close(name, emit) {
        if (field && fields[name] === field && value.trim() !== '') emit({ kind: 'metadata', field, value: value.trim() });
        field = undefined;
      },
    });
  }
  if (archive.has('docProps/custom.xml')) {
    let name: string | undefined;
    let value = '';
    let depth = 0;
    yield* await collectXml<FormatEvent>(await archive.readText('docProps/custom.xml'), {
      open(tag, attrs) {
        if (tag === 'property') {
          name = attrs.name;
          value = '';
          depth = 0;
        } else if (name !== undefined) depth++;
      },
      text(t) {
        if (name !== undefined && depth > 0) value += t;
      },
      close(tag, emit) {
        if (tag === 'property' && name !== undefined) {
          if (value.trim() !== '') emit({ kind: 'metadata', field: `custom:${name}`, value: value.trim() });
          name = undefined;
        }
      },
    });
  }
}

/**
 * Embedded files (`word/embeddings/*`, `xl/embeddings/*`, `ppt/embeddings/*`) as container entries: an
 * embedded xlsx in a docx is read like any member, with the entry path as its location.
 */
export function* embeddedEntries(archive: ZipArchive, folder: string): Generator<FormatEvent> {
  for (const entry of archive.entries) {
    if (entry.directory || !entry.name.startsWith(folder)) continue;
    yield archive.memberEvent(entry, 'embedded object is encrypted');
  }
}

/** Throws `encrypted` if any of the given parts is an encrypted zip entry. */
export function assertReadable(archive: ZipArchive, parts: readonly string[]): void {
  for (const part of parts) {
    const info = archive.get(part);
    if (info) archive.check(info);
  }
}
