import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import ignore, { type Ignore } from 'ignore';
import { ConfigError } from '../config/config-error.js';

/** The ignore file read from the repository root, in gitignore syntax. */
export const IGNORE_FILE_NAME = '.gallraignore';

/** Decides which repository paths are never scanned: `.gallraignore` plus the config's `allow.paths`. */
export interface PathFilter {
  /** True when `path` (relative to the repository root, POSIX separators) is ignored. */
  ignores(path: string): boolean;
  /** The ignore file that was read, or null. */
  readonly ignoreFile: string | null;
}

/** Builds the path filter for a repository root. A missing `.gallraignore` is fine. */
export async function loadPathFilter(root: string, configPatterns: readonly string[] = []): Promise<PathFilter> {
  const matcher: Ignore = ignore();
  const file = join(root, IGNORE_FILE_NAME);
  let ignoreFile: string | null = null;
  try {
    matcher.add(await readFile(file, 'utf8'));
    ignoreFile = file;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code !== 'ENOENT') throw new ConfigError('unreadable', file, null, `cannot read the ignore file (${code ?? 'error'})`, { cause: error });
  }
  matcher.add([...configPatterns]);
  const hasRules = ignoreFile !== null || configPatterns.length > 0;
  return {
    ignoreFile,
    ignores(path: string): boolean {
      // `ignore` throws on absolute or `./`-prefixed paths: git paths are already relative.
      return hasRules && path !== '' && matcher.ignores(path);
    },
  };
}
