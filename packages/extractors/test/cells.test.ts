import { describe, expect, it } from 'vitest';
import { applyDigitMask, columnIndex, columnName, HeaderTracker, numericCellText, parseDigitMask } from '../src/office/cells.js';

describe('numeric cell text', () => {
  it('renders raw values in full, never in exponent form', () => {
    expect(numericCellText('198501012382', undefined)).toBe('198501012382');
    expect(numericCellText('1.98501012382E+11', undefined)).toBe('198501012382');
    expect(numericCellText('8501012382', 'General')).toBe('8501012382');
    expect(numericCellText('12500.5', undefined)).toBe('12500.5');
  });

  it('restores the leading zero of a 9-digit integer', () => {
    expect(numericCellText('101012391', undefined)).toBe('0101012391');
    expect(numericCellText('12345678', undefined)).toBe('12345678');
  });

  it('applies digit masks such as 000000-0000 as Excel displays them', () => {
    expect(numericCellText('8501012382', '000000\\-0000')).toBe('850101-2382');
    expect(numericCellText('101012391', '000000-0000')).toBe('010101-2391');
    expect(numericCellText('198501012382', '00000000-0000')).toBe('19850101-2382');
    expect(numericCellText('8501012382', '"PNR "000000-0000')).toBe('PNR 850101-2382');
    expect(numericCellText('8501012382', '[Red]000000-0000;-0')).toBe('850101-2382');
    // More digits than placeholders: the first placeholder takes the rest.
    expect(applyDigitMask('198501012382', parseDigitMask('000000-0000')!)).toBe('19850101-2382');
  });

  it('leaves dates, decimals and percentages to the raw value', () => {
    expect(parseDigitMask('yyyy-mm-dd')).toBeNull();
    expect(parseDigitMask('0.00')).toBeNull();
    expect(parseDigitMask('0%')).toBeNull();
    expect(parseDigitMask('#,##0')).toBeNull();
    expect(numericCellText('45000', 'yyyy-mm-dd')).toBe('45000');
  });

  it('converts between column letters and indices', () => {
    expect([0, 1, 25, 26, 27, 701, 702].map(columnName)).toEqual(['A', 'B', 'Z', 'AA', 'AB', 'ZZ', 'AAA']);
    expect(['A1', 'B7', 'Z2', 'AA10', 'AAA1'].map(columnIndex)).toEqual([0, 1, 25, 26, 702]);
  });
});

describe('HeaderTracker', () => {
  it('takes the first row of labels, passing over a one-cell title row', () => {
    const h = new HeaderTracker();
    h.observeRow(1, [[0, 'Lista 2019', true]]);
    h.observeRow(2, [[0, 'Namn', true], [1, 'Personnummer', true]]);
    h.observeRow(3, [[0, 'Åsa', true], [1, '8501012382', false]]);
    expect(h.headerOf(1, 3)).toBe('Personnummer');
    expect(h.headerOf(1, 2)).toBeUndefined();
    h.observeRow(4, [[0, 'Namn2', true], [1, 'Annat', true]]);
    expect(h.headerOf(1, 5)).toBe('Personnummer');
  });

  it('gives no header when data comes first', () => {
    const h = new HeaderTracker();
    h.observeRow(1, [[0, 'Åsa', true], [1, '8501012382', false]]);
    h.observeRow(2, [[0, 'Namn', true], [1, 'Personnummer', true]]);
    expect(h.headerOf(1, 3)).toBeUndefined();
  });
});
