import type { Writable } from 'node:stream';
import { Command, CommanderError } from 'commander';
import { REPORT_SCHEMA_VERSION } from '@gallra/scanner';
import { registerBaselineCommand } from './commands/baseline.js';
import { registerCiCommand } from './commands/ci.js';
import { registerScanCommand } from './commands/scan.js';
import { EXIT } from './exit-codes.js';
import { UsageError } from './usage-error.js';
import { CLI_VERSION } from './version.js';

/** The process's streams and environment, injectable for tests. */
export interface CliIo {
  readonly stdout: Writable & { isTTY?: boolean };
  readonly stderr: Writable;
  readonly env: NodeJS.ProcessEnv;
}

/** Runs the CLI and returns the process exit code: 0 clean, 1 findings at or above `--fail-on`, 2 usage/config error. */
export async function main(
  argv: readonly string[],
  io: CliIo = { stdout: process.stdout, stderr: process.stderr, env: process.env },
): Promise<number> {
  let exitCode: number = EXIT.ok;
  const program = new Command('gallra')
    .description('Find Swedish personal data (personnummer, samordningsnummer) in files and folders.')
    .version(`${CLI_VERSION} (report schema ${REPORT_SCHEMA_VERSION})`, '-V, --version')
    .exitOverride()
    .showHelpAfterError('(run with --help for usage)')
    .configureOutput({
      writeOut: (s) => io.stdout.write(s),
      writeErr: (s) => io.stderr.write(s),
    });
  registerScanCommand(program, io, (code) => {
    exitCode = code;
  });
  registerCiCommand(program, io, (code) => {
    exitCode = code;
  });
  registerBaselineCommand(program, io, (code) => {
    exitCode = code;
  });
  try {
    await program.parseAsync([...argv], { from: 'user' });
  } catch (error) {
    if (error instanceof CommanderError) {
      // --help and --version "exit" with 0; every parse error is a usage error.
      return error.exitCode === 0 ? EXIT.ok : EXIT.usage;
    }
    if (error instanceof UsageError) {
      io.stderr.write(`gallra: ${error.message}\n`);
      return EXIT.usage;
    }
    throw error;
  }
  return exitCode;
}
