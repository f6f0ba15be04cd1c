import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import type ignore from 'ignore';
import type { Ignore } from 'ignore';
import type picomatch from 'picomatch';

// The matchers are loaded on first use (both are CommonJS, so synchronously): most scans have no
// globs and no ignore files, and module loading is a good part of an unchanged rescan's time.
const require = createRequire(import.meta.url);
let picomatchModule: typeof picomatch | undefined;
let ignoreModule: typeof ignore | undefined;
const loadPicomatch = (): typeof picomatch => (picomatchModule ??= require('picomatch') as typeof picomatch);
const loadIgnore = (): typeof ignore => (ignoreModule ??= require('ignore') as typeof ignore);

/** Which files and directories the crawler visits. Paths are POSIX, relative to the scan root. */
export interface PathFilterOptions {
  /** Globs a file must match to be scanned (any of them). Empty: every file. */
  readonly include?: readonly string[];
  /** Globs that exclude files and prune directories. A glob without `/` matches a base name anywhere. */
  readonly exclude?: readonly string[];
  /** Names of gitignore-style files honoured in every directory (default: `.gallraignore`). */
  readonly ignoreFiles?: readonly string[];
  /** An extra exclusion test (files and directories), e.g. the user's exclude globs. */
  readonly isExcluded?: (path: string) => boolean;
  /**
   * Base names excluded at any depth, files and directories (e.g. the scanner's default excludes:
   * `node_modules`, `.git`). Checked against the name the walk already has, without a path built
   * for it: this runs for every file.
   */
  readonly excludeNames?: readonly string[];
}

type Matcher = (path: string) => boolean;

function compile(globs: readonly string[] | undefined): Matcher | null {
  if (!globs || globs.length === 0) return null;
  return loadPicomatch()(globs as string[], { dot: true, basename: true });
}

/** Rules read from one directory's ignore files; they apply to paths below that directory. */
interface IgnoreLevel {
  /** Directory (relative to the root, `''` for the root) the rules were read in. */
  readonly base: string;
  readonly rules: Ignore;
}

/**
 * Include/exclude globs plus gitignore-style ignore files, evaluated the way git does: rules in a
 * deeper directory override shallower ones, `!pattern` re-includes, and a pruned directory is never
 * entered (so nothing below it can be re-included).
 */
export class PathFilter {
  private readonly include: Matcher | null;
  private readonly exclude: Matcher | null;
  private readonly excludedNames: ReadonlySet<string>;
  readonly ignoreFileNames: readonly string[];

  constructor(options: PathFilterOptions = {}) {
    this.include = compile(options.include);
    const globs = compile(options.exclude);
    const extra = options.isExcluded;
    this.exclude = globs && extra ? (p) => globs(p) || extra(p) : (globs ?? extra ?? null);
    this.excludedNames = new Set(options.excludeNames ?? []);
    this.ignoreFileNames = options.ignoreFiles ?? ['.gallraignore'];
  }

  /**
   * Reads the ignore files of directory `abs` (relative path `rel`), if any. Returns the level to push
   * onto the directory's rule stack, or null when the directory has none.
   */
  loadLevel(abs: string, rel: string, entries?: readonly { readonly name: string }[]): IgnoreLevel | null {
    let rules: Ignore | null = null;
    // Only open ignore files the listing shows (a failed open per directory is costly).
    const present = entries ? this.ignoreFileNames.filter((n) => entries.some((e) => e.name === n)) : this.ignoreFileNames;
    for (const name of present) {
      let text: string;
      try {
        text = readFileSync(join(abs, name), 'utf8');
      } catch {
        continue; // absent or unreadable: no rules (an unreadable ignore file must not stop the scan)
      }
      rules ??= loadIgnore()();
      rules.add(text);
    }
    return rules ? { base: rel, rules } : null;
  }

  /**
   * Whether a directory is pruned. `levels` are the rule stacks of its ancestors (root first); `name`
   * is the last part of `rel` (pass it when at hand).
   */
  skipsDirectory(rel: string, levels: readonly IgnoreLevel[], name = baseName(rel)): boolean {
    if (this.excludedNames.has(name)) return true;
    if (this.exclude?.(rel)) return true;
    return ignoredBy(levels, rel, true);
  }

  /** Whether a file is scanned (`name`: the last part of `rel`, when at hand). */
  acceptsFile(rel: string, levels: readonly IgnoreLevel[], name = baseName(rel)): boolean {
    if (this.excludedNames.has(name)) return false;
    if (this.exclude?.(rel)) return false;
    if (this.include && !this.include(rel)) return false;
    return !ignoredBy(levels, rel, false);
  }
}

function baseName(rel: string): string {
  return rel.slice(rel.lastIndexOf('/') + 1);
}

function ignoredBy(levels: readonly IgnoreLevel[], rel: string, isDir: boolean): boolean {
  let ignored = false;
  for (const level of levels) {
    const sub = level.base === '' ? rel : rel.slice(level.base.length + 1);
    const result = level.rules.test(isDir ? `${sub}/` : sub);
    if (result.ignored) ignored = true;
    else if (result.unignored) ignored = false;
  }
  return ignored;
}

export type { IgnoreLevel };
