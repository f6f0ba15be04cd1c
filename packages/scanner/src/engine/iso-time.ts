const TWO_DIGITS = Array.from({ length: 100 }, (_, i) => String(i).padStart(2, '0'));
const THREE_DIGITS = Array.from({ length: 1000 }, (_, i) => String(i).padStart(3, '0'));
/** 10000-01-01T00:00:00.000Z: from here on `toISOString` writes six-digit years. */
const YEAR_10000_MS = 253_402_300_800_000;

/**
 * `new Date(ms).toISOString()`, computed with integer arithmetic for times from 1970 to 9999 (the
 * Date object and its formatting cost about half a microsecond, paid for every file of a rescan).
 * Other times, and anything that is not a time, go through `Date` itself.
 */
export function isoTime(ms: number): string {
  if (!(ms >= 0 && ms < YEAR_10000_MS)) return new Date(ms).toISOString();
  const time = Math.floor(ms); // a Date keeps whole milliseconds (truncated; here time >= 0)
  const second = Math.floor(time / 1000);
  // Files of a folder are often written within the same second: its text is kept for the next call.
  if (second !== lastSecond) {
    lastPrefix = secondPrefix(second);
    lastSecond = second;
  }
  return `${lastPrefix}${THREE_DIGITS[time - second * 1000]}Z`;
}

let lastSecond = -1;
let lastPrefix = '';

/** `YYYY-MM-DDTHH:MM:SS.` of a second since 1970. */
function secondPrefix(second: number): string {
  const days = Math.floor(second / 86_400);
  let rest = second - days * 86_400;
  const hours = Math.floor(rest / 3600);
  rest -= hours * 3600;
  const minutes = Math.floor(rest / 60);
  const seconds = rest - minutes * 60;
  // Civil date from days since 1970-01-01 (H. Hinnant, "chrono-compatible low-level date algorithms").
  const z = days + 719_468;
  const era = Math.floor(z / 146_097);
  const dayOfEra = z - era * 146_097;
  const yearOfEra = Math.floor((dayOfEra - Math.floor(dayOfEra / 1460) + Math.floor(dayOfEra / 36_524) - Math.floor(dayOfEra / 146_096)) / 365);
  const dayOfYear = dayOfEra - (365 * yearOfEra + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100));
  const monthIndex = Math.floor((5 * dayOfYear + 2) / 153); // March = 0
  const day = dayOfYear - Math.floor((153 * monthIndex + 2) / 5) + 1;
  const month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9;
  const year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0);
  return (
    `${TWO_DIGITS[Math.floor(year / 100)]}${TWO_DIGITS[year % 100]}-${TWO_DIGITS[month]}-${TWO_DIGITS[day]}` +
    `T${TWO_DIGITS[hours]}:${TWO_DIGITS[minutes]}:${TWO_DIGITS[seconds]}.`
  );
}
