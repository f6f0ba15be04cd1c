import { packedFindingsOf } from '../packed-findings.js';
import type { ContentResult } from './protocol.js';

/**
 * Results of recently extracted content, by content hash, for later files with the same content.
 * Bounded by entries and by the bytes of packed findings they keep alive (a kept result holds on
 * to its task's whole transfer buffer, and holding all of them makes the heap grow and collect
 * for nothing on a share without copies). Oldest out first; a miss only costs re-extracting a file.
 */
export class RecentResults {
  private readonly entries = new Map<string, { readonly result: ContentResult; readonly bytes: number }>();
  private bytes = 0;

  constructor(
    private readonly maxEntries = 4096,
    private readonly maxBytes = 16 * 1024 * 1024,
  ) {}

  get(hash: string): ContentResult | undefined {
    return this.entries.get(hash)?.result;
  }

  set(hash: string, result: ContentResult): void {
    const packed = packedFindingsOf(result);
    const bytes = packed ? (packed.json?.byteLength ?? 0) + (packed.textRows?.rows.byteLength ?? 0) : 0;
    this.delete(hash);
    this.entries.set(hash, { result, bytes });
    this.bytes += bytes;
    while (this.entries.size > this.maxEntries || (this.bytes > this.maxBytes && this.entries.size > 1)) {
      this.delete(this.entries.keys().next().value!);
    }
  }

  private delete(hash: string): void {
    const entry = this.entries.get(hash);
    if (!entry) return;
    this.entries.delete(hash);
    this.bytes -= entry.bytes;
  }
}
