/**
 * Luhn (mod 10, weights 2-1 from the left for an even-length string) over ASCII digits.
 * Returns true when the digit string passes. Allocation-free.
 */
export function luhnValid(digits: string): boolean {
  let sum = 0;
  const len = digits.length;
  for (let i = 0; i < len; i++) {
    let d = digits.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return false;
    // Double every second digit counting from the right, i.e. from the left when length is even.
    if ((len - i) % 2 === 0) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return sum % 10 === 0;
}
