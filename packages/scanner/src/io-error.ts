import type { ReportError } from './report.js';

/** Reason codes for file-system problems, next to the extraction reasons. */
export type IoReason = 'not-found' | 'permission-denied' | 'broken-symlink' | 'unreadable';

const BY_CODE: Readonly<Record<string, IoReason>> = {
  ENOENT: 'not-found',
  ENOTDIR: 'not-found',
  EACCES: 'permission-denied',
  EPERM: 'permission-denied',
  EISDIR: 'unreadable',
  EIO: 'unreadable',
  ELOOP: 'unreadable',
  EBUSY: 'unreadable',
  ENXIO: 'unreadable',
  EMFILE: 'unreadable',
};

/**
 * Maps a Node.js system error to a report error; null for anything that is not one. The message
 * names the error code and syscall only: OS messages embed the path, which the report already holds.
 */
export function describeIoError(error: unknown): ReportError | null {
  if (!(error instanceof Error) || typeof (error as NodeJS.ErrnoException).code !== 'string') return null;
  const { code, syscall } = error as NodeJS.ErrnoException;
  const reason = BY_CODE[code!] ?? 'unreadable';
  return { reason, message: `${code}${syscall ? ` (${syscall})` : ''}: ${describeCode(reason)}` };
}

function describeCode(reason: IoReason): string {
  switch (reason) {
    case 'not-found':
      return 'the file disappeared or the path is not valid';
    case 'permission-denied':
      return 'no permission to read the file';
    case 'broken-symlink':
      return 'the symbolic link points to nothing';
    case 'unreadable':
      return 'the file could not be read';
  }
}
