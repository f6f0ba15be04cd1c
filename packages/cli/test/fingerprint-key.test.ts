import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { installationKeyPath, resolveFingerprintKey } from '../src/fingerprint-key.js';
import { UsageError } from '../src/usage-error.js';
import { removeDir, tempDir } from './cli-harness.js';

let dir = '';
beforeEach(() => {
  dir = tempDir('key');
});
afterEach(() => removeDir(dir));

describe('resolveFingerprintKey', () => {
  it('prefers the key file, then the environment, then the installation key', () => {
    const file = join(dir, 'k');
    writeFileSync(file, '  from-file \n');
    const env = { GALLRA_FINGERPRINT_KEY: 'from-env', XDG_CONFIG_HOME: dir };
    expect(resolveFingerprintKey({ keyFile: file, env })).toEqual({ key: 'from-file', source: 'file' });
    expect(resolveFingerprintKey({ env })).toEqual({ key: 'from-env', source: 'env' });
    const created = resolveFingerprintKey({ env: { XDG_CONFIG_HOME: dir } });
    expect(created.source).toBe('installation');
    expect(created.key).toMatch(/^[0-9a-f]{64}$/);
    expect(resolveFingerprintKey({ env: { XDG_CONFIG_HOME: dir } }).key).toBe(created.key);
  });

  it('stores the installation key with mode 0600 in $XDG_CONFIG_HOME/gallra, else ~/.config/gallra', () => {
    resolveFingerprintKey({ env: { XDG_CONFIG_HOME: dir } });
    const path = join(dir, 'gallra', 'fingerprint.key');
    expect(installationKeyPath({ XDG_CONFIG_HOME: dir })).toBe(path);
    expect(statSync(path).mode & 0o777).toBe(0o600);
    expect(statSync(join(dir, 'gallra')).mode & 0o777).toBe(0o700);
    expect(readFileSync(path, 'utf8')).toMatch(/^[0-9a-f]{64}\n$/);
    expect(installationKeyPath({ HOME: '/home/x' })).toMatch(/\.config\/gallra\/fingerprint\.key$/);
  });

  it('an empty key is a usage error, wherever it comes from', () => {
    const file = join(dir, 'empty');
    writeFileSync(file, '\n');
    expect(() => resolveFingerprintKey({ keyFile: file, env: {} })).toThrow(UsageError);
    expect(() => resolveFingerprintKey({ env: { GALLRA_FINGERPRINT_KEY: '  ' } })).toThrow(UsageError);
    expect(() => resolveFingerprintKey({ keyFile: join(dir, 'missing'), env: {} })).toThrow(/cannot read the fingerprint key file: ENOENT/);
  });

  it('falls back to a one-off key with a warning when the key cannot be stored', () => {
    const notADir = join(dir, 'file');
    writeFileSync(notADir, 'x');
    const key = resolveFingerprintKey({ env: { XDG_CONFIG_HOME: notADir } });
    expect(key.source).toBe('ephemeral');
    expect(key.key).toMatch(/^[0-9a-f]{64}$/);
    expect(key.warning).toMatch(/one-off key/);
    expect(key.warning).not.toContain(key.key);
  });
});
