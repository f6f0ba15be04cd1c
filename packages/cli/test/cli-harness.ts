import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** The built CLI entry point: end-to-end tests run exactly what users run (requires `tsc -b`). */
export const BIN = join(import.meta.dirname, '..', 'bin.js');

export interface CliRun {
  readonly status: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** A temporary folder that the test removes in `afterEach`/`afterAll`. */
export function tempDir(prefix: string): string {
  return mkdtempSync(join(tmpdir(), `gallra-${prefix}-`));
}

export function removeDir(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}

/**
 * Runs `node packages/cli/bin.js …` with a private config home (so the installation fingerprint key
 * is created in a temporary folder, never in the real home) and no inherited fingerprint key.
 */
export function runCli(
  args: readonly string[],
  options: { cwd?: string; env?: NodeJS.ProcessEnv; configHome: string; uid?: number },
): CliRun {
  const env: NodeJS.ProcessEnv = { ...process.env, XDG_CONFIG_HOME: options.configHome, NO_COLOR: '1', ...options.env };
  if (!options.env || !('GALLRA_FINGERPRINT_KEY' in options.env)) delete env['GALLRA_FINGERPRINT_KEY'];
  const ids = options.uid === undefined ? {} : { uid: options.uid, gid: options.uid };
  const result = spawnSync(process.execPath, [BIN, ...args], { cwd: options.cwd, env, encoding: 'utf8', timeout: 60_000, ...ids });
  if (result.error) throw result.error;
  return { status: result.status ?? -1, stdout: result.stdout, stderr: result.stderr };
}
