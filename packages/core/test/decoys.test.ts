import { describe, expect, it } from 'vitest';
import { createDetector, type Finding } from '../src/index.js';
import { NOW } from './helpers.js';

const detector = createDetector({ now: NOW });
const atLeastMedium = (fs: Finding[]): Finding[] => fs.filter((f) => f.score >= 0.6);

describe('false-positive sources (detection spec §1.10)', () => {
  it('PTS fiction mobile numbers 070-174 06 05…99 are never identity numbers, in any phone form', () => {
    for (let k = 5; k <= 99; k++) {
      const last = String(k).padStart(2, '0');
      for (const written of [`070-174 06 ${last}`, `070 174 06 ${last}`, `+46 70 174 06 ${last}`, `+467017406${last}`, `070-17406${last}`]) {
        expect(detector.detect(`Ring mig på ${written} efter lunch.`), written).toEqual([]);
      }
      // Unspaced, 10 of them validate as samordningsnummer: the mobile shape keeps them below `low`.
      expect(detector.detect(`Ring mig på 07017406${last} efter lunch.`)).toEqual([]);
      expect(detector.detect(`Tel: 07017406${last}`)).toEqual([]);
    }
  });

  it('the 10 PTS fiction numbers that validate are found only with a personnummer label', () => {
    const valid = ['0701740607', '0701740615', '0701740623', '0701740631', '0701740649', '0701740656', '0701740664', '0701740672', '0701740680', '0701740698'];
    for (const v of valid) {
      const [f] = detector.detect(`Samordningsnummer: ${v}`);
      expect(f?.type, v).toBe('SAMORDNINGSNUMMER');
    }
  });

  it('OCR and payment references with their label are not reported at medium or above', () => {
    // 6408233234 is Luhn-valid (it is an official test personnummer) — exactly what an OCR looks like.
    for (const label of ['OCR:', 'OCR-nummer', 'Betalningsreferens', 'Ref.nr', 'Bankgiro 5050-1055, OCR', 'Fakturanr', 'Kundnummer:', 'Ordernr', 'Ärendenr.', 'Dnr', 'Telefon:', 'Mobil', 'Org.nr']) {
      const findings = detector.detect(`${label} 6408233234`);
      expect(atLeastMedium(findings), label).toEqual([]);
      const dashed = detector.detect(`${label} 640823-3234`);
      expect(dashed.every((f) => f.evidence.some((e) => e.code === 'negative-context')), label).toBe(true);
      expect(atLeastMedium(dashed), label).toEqual([]);
    }
  });

  it('bankgiro, plusgiro, clearing+account, IBAN and credit cards are not identity numbers', () => {
    const texts = [
      'Betala till bankgiro 5050-1055 senast fredag.',
      'Plusgiro 12 34 56-7',
      'Konto 8327-9, 640 823 323-4',
      'IBAN SE45 5000 0000 0583 9825 7466',
      'IBAN SE4550000000058398257466',
      'Kort 4111 1111 1111 1111 exp 12/28',
      'Kort 4111111111111111',
      'Kortnummer 5555-5555-5555-4444',
    ];
    for (const t of texts) expect(detector.detect(t), t).toEqual([]);
  });

  it('dates followed by digits and timestamps stay below medium or are not matched', () => {
    const texts = [
      'Loggad 20240315 1234 av systemet', // YYYYMMDD hhmm
      'Loggad 202403151234 av systemet', // compact timestamp, Luhn-valid, time-like tail
      '2024-03-15 12:34:56',
      'Skapad 20240315123456', // 14-digit timestamp
      'Skapad 2024-03-15T12:34:56Z',
      'Version 1.640823-3234', // glued to a number and a dot
      'uuid 640823-3234-4a5b',
    ];
    for (const t of texts) expect(atLeastMedium(detector.detect(t)), t).toEqual([]);
  });

  it('order/case numbers shaped YYYYMMDD-NNNC are demoted by their label', () => {
    // 20240315-2396 passes Luhn and the calendar (spec §1.10): only the label tells it apart.
    for (const label of ['Order', 'Ordernr', 'Ärende', 'Diarienummer']) {
      expect(atLeastMedium(detector.detect(`${label} 20240315-2396`)), label).toEqual([]);
    }
  });

  it('never matches inside a longer digit run or a glued token', () => {
    const glued = [
      '16408233234', '1196408233234', '640823-32345', '1640823-3234', 'A640823-3234',
      '640823-3234B', '640823-3234_x', 'x_640823-3234', '12-640823-3234', '640823-3234-12', '640823-3234/7',
      '2.640823-3234', '640823-3234.5', '12 640823 3234', '640823 3234 12', 'SE6408233234', '196408233234567',
      'ÅÄÖ640823-3234', '640823-3234é',
    ];
    for (const t of glued) expect(detector.detect(t), t).toEqual([]);
  });

  it('long lists of mostly invalid look-alike numbers lower the score of the few that validate', () => {
    // A column of OCR-like references: 19 fail validation, one happens to be valid.
    const refs = ['1234567890', '2345678901', '3456789012', '4567890123', '5678901234', '6789012345', '7890123456', '8901234567', '9012345678', '1029384756'];
    const lines = [...refs, '6408233234', ...refs].map((r) => `${r}\n`).join('');
    const [f] = detector.detect(lines);
    expect(f === undefined || f.score < 0.6).toBe(true);
    const alone = detector.detect('6408233234 ');
    expect(alone[0]?.evidence.map((e) => e.code)).not.toContain('lookalike-list');
  });

  it('a register of valid numbers is not penalised as a look-alike list', () => {
    const text = Array.from({ length: 30 }, () => '19640823-3234').join('\n');
    const findings = detector.detect(text);
    expect(findings).toHaveLength(30);
    for (const f of findings) expect(f.evidence.map((e) => e.code)).not.toContain('lookalike-list');
  });
});
