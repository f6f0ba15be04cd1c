import { REPORT_SCHEMA_VERSION } from '@gallra/scanner';

/** Runs the CLI and returns the process exit code. */
export async function main(argv: readonly string[]): Promise<number> {
  if (argv.includes('--version')) {
    process.stdout.write(`gallra (report schema ${REPORT_SCHEMA_VERSION})\n`);
    return 0;
  }
  return 2;
}
