import { Readable } from 'node:stream';
import { deflateRawSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { zip } from '../../../fixtures/generate/zip-writer.mjs';
import { DEFAULT_LIMITS, extract, ExtractionError } from '../src/index.js';
import { extractBytes } from './helpers.js';

describe('container limits', () => {
  it('stops a zip bomb by its compression ratio and still reads the other members', async () => {
    const bomb = Buffer.alloc(20 * 1024 * 1024); // 20 MB of zeros deflate to ~20 KB
    expect(deflateRawSync(bomb).length).toBeLessThan(bomb.length / DEFAULT_LIMITS.maxRatio);
    const archive = zip([
      { name: 'zeros.txt', data: bomb },
      { name: 'ok.txt', data: 'Kontakt 19850101-2382\n' },
    ]);
    const result = await extractBytes('bomb.zip', archive);
    expect(result.error).toBeNull();
    expect(result.problems).toEqual([expect.objectContaining({ level: 'error', reason: 'limits-exceeded', member: ['zeros.txt'] })]);
    expect(result.segments.map((s) => [s.member, s.text])).toEqual([[['ok.txt'], 'Kontakt 19850101-2382\n']]);
  });

  it('stops at the total uncompressed size', async () => {
    const members = Array.from({ length: 5 }, (_, i) => ({ name: `m${i}.txt`, data: `rad ${i} `.repeat(300) }));
    const result = await extractBytes('many.zip', zip(members), { limits: { maxTotalBytes: 5000 } });
    const exceeded = result.problems.filter((p) => p.reason === 'limits-exceeded');
    expect(exceeded.length).toBeGreaterThan(0);
    expect(new Set(result.segments.map((s) => s.member[0])).size).toBe(5 - exceeded.length);
  });

  it('stops deep nesting at maxDepth with the member chain', async () => {
    let inner: Buffer = zip([{ name: 'botten.txt', data: '19850101-2382\n' }]);
    for (let level = 7; level >= 1; level--) inner = zip([{ name: `niva${level}.zip`, data: inner }]);
    const result = await extractBytes('deep.zip', inner);
    expect(result.segments).toEqual([]);
    expect(result.problems).toHaveLength(1);
    expect(result.problems[0]).toMatchObject({ reason: 'limits-exceeded', member: ['niva1.zip', 'niva2.zip', 'niva3.zip', 'niva4.zip', 'niva5.zip', 'niva6.zip'] });
    const shallow = await extractBytes('deep.zip', inner, { limits: { maxDepth: 10 } });
    expect(shallow.problems).toEqual([]);
    expect(shallow.segments.map((s) => s.member.length)).toEqual([8]);
  });

  it('limits the number of members per file', async () => {
    const members = Array.from({ length: 30 }, (_, i) => ({ name: `f${i}.txt`, data: `fil ${i}` }));
    const result = await extractBytes('wide.zip', zip(members), { limits: { maxMembers: 10 } });
    expect(result.segments).toHaveLength(10);
    expect(result.problems.filter((p) => p.reason === 'limits-exceeded')).toHaveLength(1);
  });

  it('reports an encrypted member and reads the rest', async () => {
    const archive = zip([
      { name: 'hemlig.txt', data: 'x', encrypted: true },
      { name: 'open.txt', data: 'öppen' },
    ]);
    const result = await extractBytes('mixed.zip', archive);
    expect(result.problems).toEqual([expect.objectContaining({ reason: 'encrypted', level: 'error', member: ['hemlig.txt'] })]);
    expect(result.segments.map((s) => s.text)).toEqual(['öppen']);
  });

  it('refuses a file above maxFileBytes before reading it', async () => {
    await expect(
      extract({ name: 'big.txt', size: 10_000, open: () => Readable.from([Buffer.alloc(10_000, 0x41)]) }, { limits: { maxFileBytes: 1000 } }),
    ).rejects.toMatchObject({ reason: 'too-large' });
  });

  it('fails with timeout when a stream stalls past the deadline', async () => {
    const stalled = () =>
      new Readable({
        read() {
          if (!(this as { sent?: boolean }).sent) {
            (this as { sent?: boolean }).sent = true;
            this.push(Buffer.from('Kontakt 19850101-2382\n'.repeat(400)));
          }
          // then never pushes again and never ends
        },
      });
    const extraction = await extract({ name: 'stuck.txt', size: 1_000_000, open: stalled }, { limits: { timeoutMs: 150 } });
    const started = Date.now();
    let error: unknown;
    try {
      for await (const _ of extraction.events) void _;
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(ExtractionError);
    expect((error as ExtractionError).reason).toBe('timeout');
    expect(Date.now() - started).toBeLessThan(5000);
  });

  it('fails with timeout when the caller aborts', async () => {
    const controller = new AbortController();
    controller.abort();
    const extraction = await extract({ name: 'a.txt', size: 5, open: () => Readable.from([Buffer.from('hello')]) }, { signal: controller.signal }).catch(
      (err: unknown) => err,
    );
    if (extraction instanceof ExtractionError) expect(extraction.reason).toBe('timeout');
    else {
      await expect(
        (async () => {
          for await (const _ of (extraction as Awaited<ReturnType<typeof extract>>).events) void _;
        })(),
      ).rejects.toMatchObject({ reason: 'timeout' });
    }
  });
});
