import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/**
 * Environment for git in tests: a private HOME and no system or global config, so the developer's
 * own git settings (hooks, diff drivers, signing) never leak into a test repository.
 */
export function isolatedGitEnv(home: string): NodeJS.ProcessEnv {
  return {
    ...process.env,
    HOME: home,
    XDG_CONFIG_HOME: join(home, '.config'),
    GIT_CONFIG_NOSYSTEM: '1',
    GIT_CONFIG_GLOBAL: join(home, '.gitconfig-none'),
    GIT_TERMINAL_PROMPT: '0',
    GIT_AUTHOR_NAME: 'Test',
    GIT_AUTHOR_EMAIL: 'test@example.invalid',
    GIT_COMMITTER_NAME: 'Test',
    GIT_COMMITTER_EMAIL: 'test@example.invalid',
  };
}

/** A real temporary git repository driven through the git CLI. */
export class TestRepo {
  readonly env: NodeJS.ProcessEnv;
  constructor(
    readonly dir: string,
    home: string,
  ) {
    this.env = isolatedGitEnv(home);
    mkdirSync(dir, { recursive: true });
    this.git('init', '-q', '-b', 'main');
    this.git('config', 'user.name', 'Test');
    this.git('config', 'user.email', 'test@example.invalid');
    this.git('config', 'commit.gpgsign', 'false');
  }

  git(...args: string[]): string {
    return execFileSync('git', args, { cwd: this.dir, env: this.env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  }

  write(path: string, content: string | Uint8Array): this {
    const file = join(this.dir, path);
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, content);
    return this;
  }

  /** Writes files, stages them and commits; returns the new commit id. */
  commit(message: string, files: Record<string, string | Uint8Array> = {}): string {
    for (const [path, content] of Object.entries(files)) this.write(path, content);
    this.git('add', '-A');
    this.git('commit', '-q', '--allow-empty', '-m', message);
    return this.git('rev-parse', 'HEAD').trim();
  }
}

/** A valid personnummer (YYMMDD-NNNC) built at test time from a date and birth number, never stored as data. */
export function validPersonnummer(yymmdd: string, birth: string): string {
  const digits = yymmdd + birth;
  let sum = 0;
  for (let i = 0; i < 9; i++) {
    const v = Number(digits[i]) * (i % 2 === 0 ? 2 : 1);
    sum += v > 9 ? v - 9 : v;
  }
  return `${yymmdd}-${birth}${(10 - (sum % 10)) % 10}`;
}
