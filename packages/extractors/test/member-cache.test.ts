import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { zip } from '../../../fixtures/generate/zip-writer.mjs';
import { docx } from '../src/formats/docx.js';
import { text } from '../src/formats/text.js';
import { MemberCache, type ExtractOptions } from '../src/index.js';
import { extractBytes } from './helpers.js';

const DOCS = join(import.meta.dirname, '..', '..', '..', 'fixtures', 'documents');
const BASIC = readFileSync(join(DOCS, 'docx', 'basic.docx'));
const EMBEDDED = readFileSync(join(DOCS, 'docx', 'embedded.docx'));
// Official Skatteverket test numbers.
const A = '19850101-2382';
const B = '19900101-2385';

function attachmentMessage(index: number, name: string, content: Buffer): string {
  const base64 = content.toString('base64').replace(/.{76}/g, '$&\n');
  return [
    `From avsandare@example.se Mon Dec  7 10:0${index}:00 2026`,
    'From: avsandare@example.se',
    'To: mottagare@example.se',
    `Subject: Avtal ${index}`,
    'MIME-Version: 1.0',
    'Content-Type: multipart/mixed; boundary="gräns"',
    '',
    '--gräns',
    'Content-Type: text/plain; charset=utf-8',
    '',
    `Meddelande ${index}, se bilagan.`,
    '--gräns',
    `Content-Type: application/octet-stream; name="${name}"`,
    `Content-Disposition: attachment; filename="${name}"`,
    'Content-Transfer-Encoding: base64',
    '',
    base64,
    '--gräns--',
    '',
    '',
  ].join('\n');
}

/** Extracts with and without a fresh cache; returns both results and the cache. */
async function both(name: string, bytes: Buffer, options: ExtractOptions = {}) {
  const plain = await extractBytes(name, bytes, options);
  const cache = new MemberCache();
  const cached = await extractBytes(name, bytes, { ...options, memberCache: cache });
  return { plain, cached, cache };
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe('member cache', () => {
  it('extracts the same docx twice in a zip once, with the events of a fresh extraction', async () => {
    const archive = zip([
      { name: 'avtal.docx', data: BASIC },
      { name: 'kopior/avtal-kopia.docx', data: BASIC },
      { name: 'annat.docx', data: EMBEDDED },
    ]);
    const spy = vi.spyOn(docx, 'extract');
    const plain = await extractBytes('avtal.zip', archive);
    const plainCalls = spy.mock.calls.length;
    spy.mockClear();
    const cache = new MemberCache();
    const cached = await extractBytes('avtal.zip', archive, { memberCache: cache });
    expect(plainCalls).toBeGreaterThanOrEqual(3);
    expect(spy.mock.calls.length).toBe(plainCalls - 1);
    expect(cache.stats()).toMatchObject({ hits: 1 });
    expect(cached).toEqual(plain);
    const firstCopy = plain.segments.filter((s) => s.member[0] === 'avtal.docx');
    const secondCopy = cached.segments.filter((s) => s.member[0] === 'kopior/avtal-kopia.docx');
    expect(firstCopy.some((s) => s.text.includes('850101'))).toBe(true);
    expect(secondCopy.map((s) => s.text)).toEqual(firstCopy.map((s) => s.text));
  });

  it('extracts the same mail attachment of two messages once, named per message', async () => {
    const mbox = Buffer.from(attachmentMessage(1, 'avtal.docx', BASIC) + attachmentMessage(2, 'avtal.docx', BASIC), 'utf8');
    const spy = vi.spyOn(docx, 'extract');
    const { plain, cached, cache } = await both('inkorg.mbox', mbox);
    expect(plain.format).toBe('mbox');
    expect(spy.mock.calls.length).toBe(3); // twice without the cache, once with it
    expect(cache.stats()).toMatchObject({ hits: 1, misses: 1 });
    expect(cached).toEqual(plain);
    const chains = new Set(cached.segments.filter((s) => s.member.length > 0).map((s) => s.member.join('/')));
    expect([...chains].sort()).toEqual(['message 1/avtal.docx', 'message 2/avtal.docx']);
  });

  it('keeps different content apart, also under the same name', async () => {
    const archive = zip([
      { name: 'a/lista.txt', data: `Kund ${A}\n` },
      { name: 'b/lista.txt', data: `Kund ${B}\n` },
      { name: 'c/lista.txt', data: `Kund ${A}\n` },
    ]);
    const spy = vi.spyOn(text, 'extract');
    const { plain, cached, cache } = await both('listor.zip', archive);
    expect(cached).toEqual(plain);
    expect(cached.segments.map((s) => `${s.member.join('/')}: ${s.text.trim()}`)).toEqual([
      `a/lista.txt: Kund ${A}`,
      `b/lista.txt: Kund ${B}`,
      `c/lista.txt: Kund ${A}`,
    ]);
    expect(spy.mock.calls.length).toBe(3 + 2);
    expect(cache.stats()).toMatchObject({ hits: 1, misses: 2 });
  });

  it('does not share entries between different extraction settings', async () => {
    const archive = zip([{ name: 'lista.txt', data: `Kund ${A}\n` }]);
    const cache = new MemberCache();
    await extractBytes('a.zip', archive, { memberCache: cache });
    const bytesForm = await extractBytes('a.zip', archive, { memberCache: cache, textForms: ['utf8-bytes'] });
    const plain = await extractBytes('a.zip', archive, { textForms: ['utf8-bytes'] });
    expect(bytesForm).toEqual(plain);
    expect(cache.stats()).toMatchObject({ hits: 0, misses: 2 });
  });

  it('stays under its bound and does not keep members larger than a quarter of it', async () => {
    const cache = new MemberCache({ maxBytes: 4000 });
    for (let round = 0; round < 5; round++) {
      const members = Array.from({ length: 6 }, (_, i) => ({ name: `del${round}-${i}.txt`, data: `Rad ${round} ${i} ${A}\n`.repeat(8) }));
      await extractBytes('delar.zip', zip(members), { memberCache: cache });
      expect(cache.stats().bytes).toBeLessThanOrEqual(4000);
    }
    const stats = cache.stats();
    expect(stats.entries).toBeGreaterThan(0);
    expect(stats.entries).toBeLessThan(30);
    const big = new MemberCache({ maxBytes: 4000 });
    await extractBytes('stor.zip', zip([{ name: 'stor.txt', data: `${A} `.repeat(200) }]), { memberCache: big });
    expect(big.stats()).toMatchObject({ misses: 1, entries: 0, bytes: 0 });
  });

  it('still stops a zip of many identical members at the member and total limits', async () => {
    const members = Array.from({ length: 40 }, (_, i) => ({ name: `kopia${i}.txt`, data: `Kund ${A}\n`.repeat(50) }));
    const archive = zip(members);
    const byCount = await both('bomb.zip', archive, { limits: { maxMembers: 10 } });
    expect(byCount.cached).toEqual(byCount.plain);
    expect(byCount.cached.segments.length).toBe(byCount.plain.segments.length);
    expect(new Set(byCount.cached.segments.map((s) => s.member[0])).size).toBe(10);
    expect(byCount.cached.problems.map((p) => p.message)).toContain('more than 10 members; the rest were not read');
    expect(byCount.cache.stats().hits).toBe(9);
    const byBytes = await both('bomb.zip', archive, { limits: { maxTotalBytes: 1000 * 5 } });
    expect(byBytes.cached).toEqual(byBytes.plain);
    expect(byBytes.cached.problems.filter((p) => p.reason === 'limits-exceeded').length).toBeGreaterThan(0);
  });

  it('counts the nested members of a replayed zip against the limits', async () => {
    const inner = zip(Array.from({ length: 5 }, (_, i) => ({ name: `inre${i}.txt`, data: `Rad ${i} ${A}\n` })));
    const archive = zip(Array.from({ length: 4 }, (_, i) => ({ name: `paket${i}.zip`, data: inner })));
    // 4 outer + 20 inner members; 14 lets two copies through whole and stops in the third.
    const limited = await both('paket.zip', archive, { limits: { maxMembers: 14 } });
    expect(limited.cached).toEqual(limited.plain);
    expect(limited.cached.problems.map((p) => p.reason)).toEqual(['limits-exceeded']);
    const unlimited = await both('paket.zip', archive);
    expect(unlimited.cached).toEqual(unlimited.plain);
    expect(unlimited.cached.segments.length).toBe(20);
    expect(unlimited.cache.stats().hits).toBe(3);
    // Nesting depth: a copy replayed one level deeper must not pass the depth limit.
    const deeper = zip([{ name: 'paket.zip', data: inner }, { name: 'yttre.zip', data: zip([{ name: 'paket.zip', data: inner }]) }]);
    const depth = await both('djup.zip', deeper, { limits: { maxDepth: 2 } });
    expect(depth.cached).toEqual(depth.plain);
    expect(depth.cached.problems.map((p) => p.reason)).toContain('limits-exceeded');
  });
});
