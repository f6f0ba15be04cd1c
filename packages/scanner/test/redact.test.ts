import { describe, expect, it } from 'vitest';
import { redactMessage } from '../src/redact.js';
import { generatePersonnummer } from './numbers.js';

describe('redactMessage', () => {
  const n = generatePersonnummer('19850315', '457');
  it('masks every number-shaped run, keeping at most the date part', () => {
    const message = `bad value "${n.long}" near ${n.short} and ${n.normalized} and ${n.normalized.slice(2)}`;
    const redacted = redactMessage(message);
    for (const form of [n.long, n.short, n.normalized, n.normalized.slice(2), n.normalized.slice(-4)]) {
      expect(redacted).not.toContain(form);
    }
    expect(redacted).toContain('19850315-****');
  });

  it('shortens long digit runs and leaves other text alone', () => {
    expect(redactMessage('x 12345678901234567 y')).toBe('x 1234…(17 digits) y');
    expect(redactMessage('offset 1234 in part 7')).toBe('offset 1234 in part 7');
  });
});
