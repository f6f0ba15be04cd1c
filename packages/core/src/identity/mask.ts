/**
 * Display form of an identity number that is safe to print: the birth date stays (it is what a
 * person needs to recognise the record), the birth number and check digit are hidden.
 *
 * | input (normalised)            | masked           |
 * |-------------------------------|------------------|
 * | `198501012383` (12 digits)    | `19850101-****`  |
 * | `20000101T220` (interim)      | `20000101-****`  |
 * | `165560160680` (orgnr, `16…`) | `556016-****`    |
 * | `8501012383` (10 digits)      | `850101-****`    |
 * | `19850101` (birth date only)  | `19850101-****`  |
 *
 * Separators and spaces in the input are ignored; anything else that is not one of these shapes
 * is fully hidden (`****`), so the function never leaks more than a birth date.
 *
 * @example
 * ```ts
 * maskIdentityNumber('196408233234'); // '19640823-****'
 * ```
 */
export function maskIdentityNumber(value: string): string {
  const compact = value.replace(/[\s\-+\u2010-\u2015\u2212\uFE63\uFF0D]/g, '');
  if (!/^\d{6,8}[0-9A-Z]{0,4}$/.test(compact)) return '****';
  switch (compact.length) {
    case 12:
      return compact.startsWith('16') ? `${compact.slice(2, 8)}-****` : `${compact.slice(0, 8)}-****`;
    case 10:
      return `${compact.slice(0, 6)}-****`;
    case 8:
      return `${compact}-****`;
    case 6:
      return `${compact}-****`;
    default:
      return '****';
  }
}
