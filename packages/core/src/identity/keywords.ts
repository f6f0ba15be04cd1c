/**
 * Context words for identity numbers (detection spec §1.10 rule 2 and §1.11), as data.
 * Matching is case-insensitive, must start at a word boundary, and a keyword ending in `*` is a
 * stem that matches any Swedish inflection (`personnum*` → personnummer, personnumret, …). Other
 * keywords of five letters or more accept the common inflection endings (-s, -t, -n, -et, -en,
 * -ets, -ens, -er); shorter ones (`pnr`, `tel`, `bg`) must stand alone.
 */

/** What a keyword says about a nearby number. */
export type KeywordRole =
  /** Says the number is a personnummer/samordningsnummer (raises the score). */
  | 'person'
  /** Says it is an interim (T-)number: raises person scores and strongly raises interim scores. */
  | 'interim'
  /** Says it is an organisationsnummer: lowers person scores, raises organisationsnummer scores. */
  | 'organisation'
  /** Says it is something else: phone, payment reference, order/case number… (lowers the score). */
  | 'other';

export const PERSON_KEYWORDS: readonly string[] = [
  'personnum*', 'personnr', 'pers.nr', 'pers nr', 'pers.nummer', 'persnr', 'pnr', 'p-nr', 'p.nr', 'prsnr',
  'person-nr', 'person nr', 'födelsenum*', 'födelsedata', 'personuppgift*', 'samordningsnum*', 'samordningsnr',
  'samnr', 'snr', 'reservnum*', 'reservnr', 'reserv-id', 'identitetsnum*', 'id-nummer', 'id-nr', 'id nr', 'id no',
  'id number', 'id#', 'identification no', 'identification number', 'identifikationsnum*', 'identitetshandling*',
  'identity document', 'identity no', 'identity number', 'legitimation', 'personal identity number',
  'personal number', 'personal id', 'personal id number', 'national id', 'swedish id', 'svensk id',
  'social security number', 'ssn', 'coordination number', 'co-ordination number', 'skatteidentifikationsnum*',
  'ååmmdd-xxxx', 'ååååmmdd-xxxx', 'ååmmdd-nnnn', 'ååååmmdd-nnnn', 'yymmdd-xxxx', 'yyyymmdd-xxxx',
  // Identifier spellings (JSON keys, columns, code): camelCase and run-together forms.
  'personalidentitynumber', 'personalnumber', 'personnumber', 'socialsecuritynumber', 'nationalid', 'personid',
  'person-id', 'identitet', 'idnummer', 'idnr', 'id-no',
  // A birth date is personal data too; "född 640823-XXXX" is how letters mask a number.
  'född', 'födda', 'födelsedatum', 'födelsedag',
];

export const INTERIM_KEYWORDS: readonly string[] = ['t-nummer', 't-nr', 'interimsnum*', 'interimnum*', 'ladok'];

export const ORGANISATION_KEYWORDS: readonly string[] = [
  'organisationsnum*', 'organisationsnr', 'org.nr', 'org nr', 'org-nr', 'orgnr', 'org.nummer', 'företagsnum*',
  'momsreg*', 'vat', 'vat-nr', 'vat no', 'vat number',
];

export const OTHER_NEGATIVE_KEYWORDS: readonly string[] = [
  'ocr', 'ocr-nr', 'ocr-nummer', 'ocrnummer', 'referens*', 'ref', 'ref.nr', 'ref nr', 'ref.', 'refnr',
  'betalningsreferens*', 'bankgiro*', 'bg', 'bg-nr', 'bgnr', 'plusgiro*', 'pg', 'pg-nr', 'konto', 'kontot', 'kontonr',
  'kontonum*', 'bankkonto*', 'clearing*', 'iban', 'faktura*', 'kundnr', 'kund-nr', 'kundnum*', 'kund-id',
  'order', 'ordernr', 'order-nr', 'ordernum*', 'ärende', 'ärendenr', 'ärende-nr', 'ärendenum*', 'ärendeid', 'dnr', 'diarienr', 'diarienum*', 'artikelnr',
  'artikelnum*', 'serienr', 'serienum*', 'imei', 'tel', 'tel.', 'telefon*', 'tfn', 'mobil*', 'mobilnr', 'fax',
  'sms', 'växel', 'invoice', 'phone', 'account', 'reference', 'provnr', 'prov-nr', 'provnum*', 'remissnr',
  'remissnum*', 'labbnr', 'löpnr', 'löpnum*', 'batch', 'transaktion*', 'transaction', 'anställningsnum*',
  'anställningsnr', 'anst.nr', 'anstnr', 'medlemsnum*', 'medlemsnr', 'beställningsnum*', 'beställningsnr',
  'orderid', 'order-id', 'ordernumber', 'invoiceno', 'bokningsnum*', 'bokningsnr', 'avtalsnum*', 'avtalsnr',
  'kvittonr', 'kvittonum*', 'version', 'build', 'swish',
];

/** One compiled keyword table: a single regex and the role of each alternative. */
export interface KeywordMatcher {
  /** Global, case-insensitive regex: group 1 is the keyword, group 2 the inflection suffix. */
  readonly regex: RegExp;
  /** Lower-cased keyword (without `*`) → role and whether it is a stem. */
  readonly entries: ReadonlyMap<string, { readonly role: KeywordRole; readonly stem: boolean }>;
}

/** Inflection endings a keyword of five letters or more may take. */
export const INFLECTIONS: ReadonlySet<string> = new Set(['', 's', 't', 'n', 'et', 'en', 'ets', 'ens', 'er']);

function escapeRegex(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\#-]/g, (c) => (c === '#' || c === '-' ? c : `\\${c}`));
}

/** Compiles the keyword lists into one matcher. */
export function compileKeywords(): KeywordMatcher {
  const entries = new Map<string, { role: KeywordRole; stem: boolean }>();
  const add = (list: readonly string[], role: KeywordRole): void => {
    for (const k of list) {
      const stem = k.endsWith('*');
      entries.set((stem ? k.slice(0, -1) : k).toLowerCase(), { role, stem });
    }
  };
  add(PERSON_KEYWORDS, 'person');
  add(INTERIM_KEYWORDS, 'interim');
  add(ORGANISATION_KEYWORDS, 'organisation');
  add(OTHER_NEGATIVE_KEYWORDS, 'other');
  const alternatives = [...entries.keys()].sort((a, b) => b.length - a.length).map(escapeRegex);
  // Without the `u` flag V8 still folds å/ä/ö case-insensitively; the word-start check is done by
  // the caller (it needs the character before a window, which the regex cannot see).
  const regex = new RegExp(`(${alternatives.join('|')})([a-zåäöéü]*)`, 'gi');
  return { regex, entries };
}

/**
 * Whether a regex hit is a real keyword: it must start a word and, unless it is a stem, end one
 * (after an allowed inflection).
 */
export function acceptKeyword(
  entry: { readonly stem: boolean } | undefined,
  keyword: string,
  suffix: string,
  written: string,
): boolean {
  if (entry === undefined) return false;
  if (entry.stem || suffix === '') return true;
  // Keywords that end in punctuation ("ref.", "id#") are complete; short ones must stand alone.
  if (/[^a-zåäöéü]$/i.test(keyword)) return true;
  // An identifier such as `orderId` or `pnrValue`: a capital letter after a lower-case one starts
  // the next word (in all-caps text it does not).
  const first = suffix.charCodeAt(0);
  const last = written.charCodeAt(written.length - 1);
  if (first >= 65 && first <= 90 && last >= 97 && last <= 122) return true;
  return keyword.length >= 5 && INFLECTIONS.has(suffix.toLowerCase());
}
