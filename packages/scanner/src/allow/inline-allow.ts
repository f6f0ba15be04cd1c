/**
 * Inline allow markers. A line containing `gallra:allow` accepts the findings on that line; a line
 * containing `gallra:allow-next-line` accepts those on the next line. The marker is found anywhere on
 * the line, so it works in every comment syntax (`#`, `//`, `--`, `;`, `%`, `/* … *\/`, `<!-- … -->`,
 * `REM`) and in formats without comments (CSV, plain text).
 */
const ALLOW = /gallra:allow(?![-\w])/;
const ALLOW_NEXT_LINE = /gallra:allow-next-line(?![-\w])/;

/** The 1-based line numbers of `text` whose findings are accepted by inline markers. */
export function inlineAllowedLines(text: string): ReadonlySet<number> {
  const allowed = new Set<number>();
  if (!text.includes('gallra:allow')) return allowed;
  // Same line breaks as the scanner's locations: \n, \r\n and a lone \r.
  const lines = text.split(/\r\n|\n|\r/);
  lines.forEach((line, index) => {
    if (!line.includes('gallra:allow')) return;
    if (ALLOW.test(line)) allowed.add(index + 1);
    if (ALLOW_NEXT_LINE.test(line)) allowed.add(index + 2);
  });
  return allowed;
}
