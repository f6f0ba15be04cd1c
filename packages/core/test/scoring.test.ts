import { describe, expect, it } from 'vitest';
import { createDetector, type Finding } from '../src/index.js';
import { luhnCheckDigit, mulberry32, NOW } from './helpers.js';

const detector = createDetector({ now: NOW });
const codes = (f: Finding | undefined): string[] => f?.evidence.map((e) => e.code) ?? [];

/** Valid numbers generated at test time (not a list of real people). */
function generated(count: number, seed: number): string[] {
  const rnd = mulberry32(seed);
  const out: string[] = [];
  while (out.length < count) {
    const y = 30 + Math.floor(rnd() * 60);
    const nine = `${y}${String(1 + Math.floor(rnd() * 12)).padStart(2, '0')}${String(1 + Math.floor(rnd() * 28)).padStart(2, '0')}${String(1 + Math.floor(rnd() * 998)).padStart(3, '0')}`;
    out.push(nine + luhnCheckDigit(nine));
  }
  return out;
}

describe('table columns', () => {
  const people = generated(40, 11);

  it('a delimited header names the column for every row, however far down', () => {
    for (const sep of ['\t', ';', ',', ' | ']) {
      const rows = people.map((p, i) => [String(1000 + i), 'Namn Namnsson', p, '12 000'].join(sep));
      const text = [['Anstnr', 'Namn', 'Personnummer', 'Lön'].join(sep), ...rows].join('\n');
      const findings = detector.detect(text);
      expect(findings, JSON.stringify(sep)).toHaveLength(people.length);
      for (const f of findings) {
        expect(codes(f)).toContain('column-header');
        expect(f.confidence).toBe('high');
      }
    }
  });

  it('an aligned (fixed-width) header works too', () => {
    const rows = people.map((p, i) => `${String(1000 + i).padEnd(8)}${'Anna Berg'.padEnd(20)}${p.padEnd(14)}Kök`);
    const text = [`${'Anstnr'.padEnd(8)}${'Namn'.padEnd(20)}${'Pnr'.padEnd(14)}Avdelning`, ...rows].join('\n');
    const findings = detector.detect(text);
    expect(findings).toHaveLength(people.length);
    for (const f of findings) expect(codes(f)).toContain('column-header');
  });

  it('a column named by a negative keyword lowers its values; other columns are unaffected', () => {
    const dated = people.map((p) => `20${p.slice(0, 6)}-${p.slice(6)}`);
    const text = ['Dnr;Inkom;Ärendemening', ...dated.map((d) => `${d};2026-01-05;Bygglov, tillbyggnad`)].join('\n');
    for (const f of detector.detect(text)) {
      expect(codes(f)).toContain('negative-column-header');
      expect(f.score).toBeLessThan(0.6);
    }
  });

  it('prose with commas is not a table header, and a blank line ends a table', () => {
    const p = people[0]!;
    const prose = `Ärendet, som gäller bistånd, kompletterades.\nAnna Berg, ${p}, Storgatan 1`;
    expect(codes(detector.detect(prose)[0])).not.toContain('negative-column-header');
    const table = `Namn;Pnr;Ort\nAnna;${people[1]};Kiruna\n\nEfter tabellen: ;${p};`;
    const [inTable, after] = detector.detect(table);
    expect(codes(inTable)).toContain('column-header');
    expect(codes(after)).not.toContain('column-header');
  });

  it('a header padded with tabs to line up on screen still names its columns', () => {
    const text = ['Dnr\t\tInkom\t\tÄrendemening', ...people.slice(0, 5).map((p) => `20${p.slice(0, 6)}-${p.slice(6)}\t2026-01-05\tBygglov`)].join('\n');
    for (const f of detector.detect(text)) expect(codes(f)).toContain('negative-column-header');
  });

  it('a header labels a number only when the number fills the cell', () => {
    const text = ['Dnr;Ärendemening', ...people.slice(0, 5).map((p) => `KS 2026/1;God man för ${p.slice(0, 6)}-${p.slice(6)}`)].join('\n');
    for (const f of detector.detect(text)) {
      expect(codes(f)).not.toContain('negative-column-header');
      expect(f.score).toBeGreaterThanOrEqual(0.8);
    }
  });

  it('a bare "ID" header is a weaker hint that does not silence list statistics', () => {
    const rows = people.slice(0, 6).map((p, i) => `| ${1000 + i} | Anna Berg | ${p} | Kök | 070${String(1234567 + i)} |`);
    const text = ['| Anst.nr | Namn | ID | Enhet | Mobil |', '|---|---|---|---|---|', ...rows].join('\n');
    const findings = detector.detect(text);
    expect(findings).toHaveLength(6);
    for (const f of findings) {
      expect(codes(f)).toContain('generic-column-header');
      // The failing 10-digit mobile numbers in the next column are phone-shaped, not look-alikes.
      expect(codes(f)).not.toContain('lookalike-list');
      expect(f.score).toBeGreaterThanOrEqual(0.6);
    }
  });

  it('Nordea personkonto: clearing 3300/3782 followed by the holder\'s number is personal data', () => {
    const [p] = people;
    for (const written of [`3300-${p}`, `3300 ${p}`, `3782,${p}`, `3300\t${p}`, `"3300","${p}"`]) {
      const [f] = detector.detect(`Kontonr: ${written}`);
      expect(f?.normalized.slice(2), written).toBe(p);
      expect(codes(f)).toContain('personkonto');
      expect(f!.score).toBeGreaterThanOrEqual(0.6);
    }
    expect(detector.detect(`Kontonr: 13300-${p}`)).toEqual([]);
    expect(detector.detect(`Kontonr: 5000-${p}`)).toEqual([]); // another bank: glued account number
  });
});

describe('lists', () => {
  it('a register of valid bare 10-digit numbers reaches medium without keywords', () => {
    const text = generated(12, 5).map((p) => `${p}  Anna Berg`).join('\n');
    const findings = detector.detect(text);
    expect(findings).toHaveLength(12);
    for (const f of findings) {
      expect(codes(f)).toContain('valid-list');
      expect(f.confidence).toBe('medium');
    }
  });

  it('one valid number among many failing look-alikes of the same shape is lowered', () => {
    const rnd = mulberry32(9);
    const refs = Array.from({ length: 20 }, () => String(Math.floor(1e9 + rnd() * 8.9e9)));
    const text = [...refs.slice(0, 10), '6408233234', ...refs.slice(10)].join('\n');
    const f = detector.detect(text).find((x) => x.normalized === '196408233234');
    expect(f === undefined || codes(f).includes('lookalike-list')).toBe(true);
  });

  it('a register nearby does not rescue a number that is named as something else', () => {
    const register = generated(6, 21).map((p) => `<IdNummer>19${p.slice(0, 6)}-${p.slice(6)}</IdNummer>`);
    const [ref] = generated(1, 22);
    const text = [...register.slice(0, 3), `<Referens>19${ref!.slice(0, 6)}-${ref!.slice(6)}</Referens>`, ...register.slice(3)].join('\n');
    const findings = detector.detect(text);
    const named = findings.find((f) => f.normalized === `19${ref}`);
    expect(named === undefined || named.score < 0.6).toBe(true);
    expect(findings.filter((f) => f.normalized !== `19${ref}`).every((f) => f.confidence === 'high')).toBe(true);
  });

  it('look-alikes of another shape do not count (a table with a 10-digit account column)', () => {
    const rnd = mulberry32(3);
    const rows = generated(10, 8).map((p) => `${p.slice(0, 6)}-${p.slice(6)}\t${String(Math.floor(1e9 + rnd() * 8.9e9))}`);
    for (const f of detector.detect(rows.join('\n'))) expect(codes(f)).not.toContain('lookalike-list');
  });
});

describe('labels', () => {
  it('a negative keyword counts only when it names the number directly', () => {
    expect(codes(detector.detect('Ärendenr: 640823-3234')[0])).toContain('negative-context');
    expect(codes(detector.detect('Tel. nr 640823-3234')[0])).toContain('negative-context');
    expect(codes(detector.detect('Ärendet gäller Anna Berg, 640823-3234')[0])).not.toContain('negative-context');
  });

  it('a negative label outweighs an identity keyword further away', () => {
    const [f] = detector.detect('Personnummer finns i bilagan.\nOrdernr: 640823-3234');
    expect(f?.score).toBeLessThan(0.6);
  });

  it('identifiers in code and JSON keys count as keywords', () => {
    for (const t of ['{"personalIdentityNumber": "6408233234"}', 'customerPnr = "6408233234"', 'String PNR = "6408233234";', 'user_pnr: 6408233234']) {
      expect(detector.detect(t)[0]?.confidence, t).toBe('high');
    }
    expect(detector.detect('static final String ORDER_ID = "6408233234";')).toEqual([]);
    expect(detector.detect('log: orderId=6408233234')).toEqual([]);
    // All-caps text is not split into camelCase words.
    expect(codes(detector.detect('SMSKOD 640823-3234')[0])).not.toContain('negative-context');
  });
});
