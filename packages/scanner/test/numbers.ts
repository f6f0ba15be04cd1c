/**
 * Identity numbers for tests. "Real-looking" (non-test) numbers are generated at test time from a
 * date and a birth number plus the Luhn check digit, so no such number is ever committed.
 */
export interface GeneratedNumber {
  /** `YYMMDD-NNNC` */
  readonly short: string;
  /** `YYYYMMDD-NNNC` */
  readonly long: string;
  /** `YYYYMMDDNNNC` */
  readonly normalized: string;
}

export function luhnCheckDigit(nineDigits: string): number {
  let sum = 0;
  for (let i = 0; i < 9; i++) {
    const v = Number(nineDigits[i]) * (i % 2 === 0 ? 2 : 1);
    sum += v > 9 ? v - 9 : v;
  }
  return (10 - (sum % 10)) % 10;
}

/** A valid personnummer for `yyyymmdd` and a three-digit birth number. */
export function generatePersonnummer(yyyymmdd: string, birth: string): GeneratedNumber {
  const nine = yyyymmdd.slice(2) + birth;
  const last4 = `${birth}${luhnCheckDigit(nine)}`;
  return { short: `${yyyymmdd.slice(2)}-${last4}`, long: `${yyyymmdd}-${last4}`, normalized: `${yyyymmdd}${last4}` };
}

/** Official Skatteverket test personnummer (skatteverket-testpersonnummer, CC0). */
export const TEST_PERSONNUMMER = ['199008142383', '199805162386', '197604292396'] as const;
