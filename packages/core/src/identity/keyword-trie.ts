/**
 * The keyword table as a case-folding trie, for the label windows that are read word start by word
 * start. It answers exactly what the case-insensitive alternation regex of `compileKeywords`
 * (`(k1|k2|…)([a-zåäöéü]*)`, alternatives longest first, `i` flag without `u`) answers at one
 * position — the longest keyword written there and the inflection suffix after it — without
 * running the regex, which cost far more than the walk for each word start that looks like a keyword.
 *
 * Case folding is that of the non-Unicode `i` flag on the characters keywords use: A–Z and
 * Å Ä Ö É Ü fold to lower case; no other character can match a keyword character. The same
 * trie is walked over UTF-8 bytes read one byte per char (the `utf8-bytes` form), where the
 * upper-case letters Å Ä Ö É Ü are C3 85/84/96/89/9C and fold to C3 A5/A4/B6/A9/BC.
 */
import type { KeywordRole } from './keywords.js';

/** One keyword of the table. */
export interface KeywordEntry {
  /** Lower-cased keyword without the stem `*`: also the evidence detail when no suffix follows. */
  readonly key: string;
  readonly role: KeywordRole;
  readonly stem: boolean;
  /** The keyword ends in punctuation (`ref.`, `id#`): it is complete as written. */
  readonly endsInPunctuation: boolean;
}

/** A trie over one alphabet: transitions by character class, the entry (or -1) ending at each node. */
interface Trie {
  readonly next: Int32Array;
  readonly entryAt: Int32Array;
  readonly classes: number;
}

const LOWER_SWEDISH = [0xe5, 0xe4, 0xf6, 0xe9, 0xfc]; // å ä ö é ü
const UPPER_SWEDISH = [0xc5, 0xc4, 0xd6, 0xc9, 0xdc]; // Å Ä Ö É Ü

/** Character class of each Latin-1 code unit in decoded text (0: no keyword uses it). */
const TEXT_CLASS = new Uint8Array(256);
/** Character class of each byte in the UTF-8 form (bytes of å… are classes of their own). */
const BYTE_CLASS = new Uint8Array(256);

function buildTrie(keys: readonly string[], classOf: Uint8Array, unitsOf: (key: string) => number[]): Trie {
  // Assign classes to the characters (units) keywords use, in first-seen order.
  let classes = 1;
  for (const key of keys) for (const u of unitsOf(key)) if (classOf[u] === 0) classOf[u] = classes++;
  const next: number[] = [];
  const entryAt: number[] = [-1];
  for (let c = 0; c < classes; c++) next.push(0);
  keys.forEach((key, index) => {
    let node = 0;
    for (const u of unitsOf(key)) {
      const slot = node * classes + classOf[u]!;
      if (next[slot] === 0) {
        const child = entryAt.length;
        entryAt.push(-1);
        for (let c = 0; c < classes; c++) next.push(0);
        next[slot] = child;
      }
      node = next[slot]!;
    }
    entryAt[node] = index;
  });
  return { next: Int32Array.from(next), entryAt: Int32Array.from(entryAt), classes };
}

function utf8Units(key: string): number[] {
  return [...new TextEncoder().encode(key)];
}

/** The compiled trie pair (text and UTF-8 bytes) over one keyword table. */
export class KeywordTrie {
  readonly entries: readonly KeywordEntry[];
  private readonly text: Trie;
  private readonly bytes: Trie;
  /** Set by {@link matchText}/{@link matchBytes}: end of the keyword and end of its suffix. */
  keywordEnd = 0;
  suffixEnd = 0;

  constructor(table: ReadonlyMap<string, { readonly role: KeywordRole; readonly stem: boolean }>) {
    const entries: KeywordEntry[] = [];
    for (const [key, { role, stem }] of table) {
      entries.push({ key, role, stem, endsInPunctuation: /[^a-zåäöéü]$/i.test(key) });
    }
    this.entries = entries;
    const keys = entries.map((e) => e.key);
    this.text = buildTrie(
      keys,
      TEXT_CLASS,
      (key) => [...key].map((ch) => ch.charCodeAt(0)),
    );
    this.bytes = buildTrie(keys, BYTE_CLASS, utf8Units);
    // Upper-case letters share the class of their lower-case form.
    for (let c = 65; c <= 90; c++) {
      TEXT_CLASS[c] = TEXT_CLASS[c + 32]!;
      BYTE_CLASS[c] = BYTE_CLASS[c + 32]!;
    }
    UPPER_SWEDISH.forEach((upper, i) => (TEXT_CLASS[upper] = TEXT_CLASS[LOWER_SWEDISH[i]!]!));
  }

  /**
   * The longest keyword written at `k` of decoded `text` (index into {@link entries}, or -1);
   * sets {@link keywordEnd} and {@link suffixEnd} (the `[a-zåäöéü]*` inflection after it).
   */
  matchText(text: string, k: number): number {
    const { next, entryAt, classes } = this.text;
    const n = text.length;
    let node = 0;
    let found = -1;
    let end = k;
    for (let p = k; p < n; p++) {
      const c = text.charCodeAt(p);
      const cls = c < 256 ? TEXT_CLASS[c]! : 0;
      if (cls === 0) break;
      node = next[node * classes + cls]!;
      if (node === 0) break;
      if (entryAt[node]! >= 0) {
        found = entryAt[node]!;
        end = p + 1;
      }
    }
    if (found < 0) return -1;
    let s = end;
    while (s < n && isSuffixLetter(text.charCodeAt(s))) s++;
    this.keywordEnd = end;
    this.suffixEnd = s;
    return found;
  }

  /** {@link matchText} over UTF-8 bytes read one byte per char; offsets are byte offsets. */
  matchBytes(bytes: string, k: number): number {
    const { next, entryAt, classes } = this.bytes;
    const n = bytes.length;
    let node = 0;
    let found = -1;
    let end = k;
    for (let p = k; p < n; p++) {
      let b = bytes.charCodeAt(p);
      // The second byte of Å Ä Ö É Ü (after C3) folds to that of å ä ö é ü.
      if (b >= 0x80 && b <= 0x9e && p > k && bytes.charCodeAt(p - 1) === 0xc3) b += 0x20;
      const cls = BYTE_CLASS[b]!;
      if (cls === 0) break;
      node = next[node * classes + cls]!;
      if (node === 0) break;
      if (entryAt[node]! >= 0) {
        found = entryAt[node]!;
        end = p + 1;
      }
    }
    if (found < 0) return -1;
    let s = end;
    for (;;) {
      const b = bytes.charCodeAt(s);
      if (s < n && ((b | 32) >= 97 && (b | 32) <= 122)) s++;
      else if (b === 0xc3 && s + 1 < n && isSwedishSecondByte(bytes.charCodeAt(s + 1))) s += 2;
      else break;
    }
    this.keywordEnd = end;
    this.suffixEnd = s;
    return found;
  }
}

/** `[a-zåäöéü]` in either case. */
function isSuffixLetter(c: number): boolean {
  const l = c | 32;
  if (c < 128) return l >= 97 && l <= 122;
  return l === 0xe5 || l === 0xe4 || l === 0xf6 || l === 0xe9 || l === 0xfc;
}

/** Second UTF-8 byte of å ä ö é ü or Å Ä Ö É Ü (all C3 xx). */
function isSwedishSecondByte(b: number): boolean {
  const l = b | 0x20;
  return l === 0xa5 || l === 0xa4 || l === 0xb6 || l === 0xa9 || l === 0xbc;
}
