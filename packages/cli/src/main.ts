import type { Writable } from 'node:stream';
import { CommanderError } from './commander.js';
import { createProgram } from './cli.js';
import { EXIT } from './exit-codes.js';
import { UsageError } from './usage-error.js';

/** The process's streams and environment, injectable for tests. */
export interface CliIo {
  readonly stdout: Writable & { isTTY?: boolean };
  readonly stderr: Writable;
  readonly env: NodeJS.ProcessEnv;
}

/**
 * Runs the CLI and returns the process exit code: 0 clean, 1 findings at or above `--fail-on`,
 * 2 usage or configuration error. The only place that catches everything.
 */
export async function main(
  argv: readonly string[],
  io: CliIo = { stdout: process.stdout, stderr: process.stderr, env: process.env },
): Promise<number> {
  let exitCode: number = EXIT.ok;
  quietOnBrokenPipe(io.stdout);
  const program = createProgram(io, (code) => {
    exitCode = code;
  });
  try {
    await program.parseAsync([...argv], { from: 'user' });
  } catch (error) {
    if (error instanceof CommanderError) {
      // --help and --version "exit" with 0; every parse error is a usage error (commander printed it).
      return error.exitCode === 0 ? EXIT.ok : EXIT.usage;
    }
    if (error instanceof UsageError) {
      io.stderr.write(`gallra: ${error.message}\n`);
      return EXIT.usage;
    }
    // A bug, not bad input: say so without echoing data (messages never carry file content).
    io.stderr.write(`gallra: internal error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    return EXIT.usage;
  }
  return exitCode;
}

/** `gallra scan … | head`: when the reader goes away, stop quietly, like ripgrep. */
function quietOnBrokenPipe(stdout: Writable): void {
  if (stdout !== process.stdout || stdout.listenerCount('error') > 0) return;
  stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(EXIT.ok);
    throw error;
  });
}
