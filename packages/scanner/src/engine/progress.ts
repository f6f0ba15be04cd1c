/**
 * Progress for people (one rewritten status line on a terminal) and for schedulers (`json`: one
 * NDJSON object per interval on stderr, then a final `done` object). Silent when stderr is not a
 * terminal in `auto` mode, and with `none` (`--quiet`).
 */
export type ProgressMode = 'auto' | 'tty' | 'json' | 'none';

export interface ProgressSnapshot {
  readonly event: 'progress' | 'done';
  /** Files finished (scanned, reused from state, failed or skipped). */
  readonly files: number;
  readonly bytes: number;
  readonly errors: number;
  /** Files and bytes the crawler has found so far. */
  readonly filesFound: number;
  readonly bytesFound: number;
  readonly crawlDone: boolean;
  readonly elapsedSeconds: number;
  readonly filesPerSecond: number;
  readonly bytesPerSecond: number;
  /** Estimated seconds left, null while unknown (crawl still running and no previous scan to go by). */
  readonly etaSeconds: number | null;
}

export interface ProgressOptions {
  readonly mode?: ProgressMode;
  readonly stream?: NodeJS.WritableStream & { isTTY?: boolean };
  /** Milliseconds between updates (default 250 on a terminal, 1000 for json). */
  readonly intervalMs?: number;
  /** Totals of the previous scan of the same roots, for an early ETA. */
  readonly estimate?: { readonly files: number; readonly bytes: number } | null;
}

export class Progress {
  private readonly mode: 'tty' | 'json' | 'none';
  private readonly stream: NodeJS.WritableStream;
  private readonly started = Date.now();
  private readonly estimate: { files: number; bytes: number } | null;
  private timer: NodeJS.Timeout | null = null;
  private files = 0;
  private bytes = 0;
  private errors = 0;
  private filesFound = 0;
  private bytesFound = 0;
  private crawlDone = false;
  private lineShown = false;

  constructor(options: ProgressOptions = {}) {
    const stream = options.stream ?? process.stderr;
    const requested = options.mode ?? 'auto';
    this.mode = requested === 'auto' ? ((stream as { isTTY?: boolean }).isTTY ? 'tty' : 'none') : requested;
    this.stream = stream;
    this.estimate = options.estimate ?? null;
    if (this.mode !== 'none') {
      this.timer = setInterval(() => this.render(), options.intervalMs ?? (this.mode === 'json' ? 1000 : 250));
      this.timer.unref();
    }
  }

  found(files: number, bytes: number, crawlDone: boolean): void {
    this.filesFound = files;
    this.bytesFound = bytes;
    this.crawlDone = crawlDone;
  }

  fileDone(size: number, failed: boolean): void {
    this.files++;
    this.bytes += size;
    if (failed) this.errors++;
  }

  snapshot(event: 'progress' | 'done' = 'progress'): ProgressSnapshot {
    const elapsed = (Date.now() - this.started) / 1000;
    const bytesPerSecond = elapsed > 0 ? this.bytes / elapsed : 0;
    const filesPerSecond = elapsed > 0 ? this.files / elapsed : 0;
    let totalBytes: number | null = this.crawlDone ? this.bytesFound : null;
    if (totalBytes === null && this.estimate) totalBytes = Math.max(this.estimate.bytes, this.bytesFound);
    const etaSeconds =
      event === 'done' ? 0 : totalBytes !== null && bytesPerSecond > 0 ? Math.max(0, (totalBytes - this.bytes) / bytesPerSecond) : null;
    return {
      event,
      files: this.files,
      bytes: this.bytes,
      errors: this.errors,
      filesFound: this.filesFound,
      bytesFound: this.bytesFound,
      crawlDone: this.crawlDone,
      elapsedSeconds: round(elapsed),
      filesPerSecond: round(filesPerSecond),
      bytesPerSecond: Math.round(bytesPerSecond),
      etaSeconds: etaSeconds === null ? null : Math.round(etaSeconds),
    };
  }

  /** Stops updates; prints the final line/object. */
  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    if (this.mode === 'json') this.stream.write(`${JSON.stringify(this.snapshot('done'))}\n`);
    else if (this.mode === 'tty' && this.lineShown) {
      this.stream.write(`\r\x1b[K${formatLine(this.snapshot('done'))}\n`);
    }
  }

  private render(): void {
    const snap = this.snapshot();
    if (this.mode === 'json') this.stream.write(`${JSON.stringify(snap)}\n`);
    else if (this.mode === 'tty') {
      this.stream.write(`\r\x1b[K${formatLine(snap)}`);
      this.lineShown = true;
    }
  }
}

/** The terminal status line, e.g. `1,204 files · 310.2 MB · 41.0 MB/s · 160 files/s · ETA 0:42 · 2 errors`. */
export function formatLine(s: ProgressSnapshot): string {
  const parts = [
    `${s.files.toLocaleString('en-US')}${s.crawlDone ? `/${s.filesFound.toLocaleString('en-US')}` : ''} files`,
    formatBytes(s.bytes),
    `${formatBytes(s.bytesPerSecond)}/s`,
    `${Math.round(s.filesPerSecond).toLocaleString('en-US')} files/s`,
  ];
  if (s.event === 'progress') parts.push(`ETA ${s.etaSeconds === null ? '?' : formatDuration(s.etaSeconds)}`);
  else parts.push(`done in ${formatDuration(s.elapsedSeconds)}`);
  parts.push(`${s.errors} error${s.errors === 1 ? '' : 's'}`);
  return parts.join(' · ');
}

export function formatBytes(n: number): string {
  const units = ['B', 'kB', 'MB', 'GB', 'TB'];
  let value = n;
  let unit = 0;
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000;
    unit++;
  }
  return `${unit === 0 ? value : value.toFixed(1)} ${units[unit]}`;
}

export function formatDuration(seconds: number): string {
  const s = Math.round(seconds);
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const rest = String(s % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${rest}` : `${m}:${rest}`;
}

function round(n: number): number {
  return Math.round(n * 10) / 10;
}
