/** Human descriptions of the entity types, for SARIF rule metadata and other writers' help texts. */
export interface EntityRule {
  readonly id: string;
  readonly name: string;
  readonly short: string;
  readonly full: string;
}

const KNOWN: Readonly<Record<string, Omit<EntityRule, 'id'>>> = {
  PERSONNUMMER: {
    name: 'Personnummer',
    short: 'Swedish personal identity number (personnummer)',
    full: 'A valid Swedish personal identity number (date of birth, birth number and Luhn check digit). It identifies a person and is personal data under GDPR.',
  },
  SAMORDNINGSNUMMER: {
    name: 'Samordningsnummer',
    short: 'Swedish co-ordination number (samordningsnummer)',
    full: 'A valid Swedish co-ordination number (day of birth + 60). It identifies a person and is personal data under GDPR.',
  },
  INTERIM_NUMBER: {
    name: 'InterimNumber',
    short: 'Swedish interim number (T-nummer)',
    full: 'An interim personal number used by universities and healthcare before a personnummer is known. It identifies a person.',
  },
  PARTIAL_PERSONNUMMER: {
    name: 'PartialPersonnummer',
    short: 'Partly masked personnummer (birth date visible)',
    full: 'A personnummer whose last digits are masked. The birth date that remains can still be personal data.',
  },
  ORGANISATIONSNUMMER: {
    name: 'Organisationsnummer',
    short: 'Swedish organisation number',
    full: 'A Swedish organisation number. Not personal data by itself, except for sole traders.',
  },
};

/** The rule for an entity type; unknown (newer) types get a generic description. */
export function ruleFor(type: string): EntityRule {
  const known = Object.hasOwn(KNOWN, type) ? KNOWN[type] : undefined;
  if (known) return { id: type, ...known };
  const words = type.toLowerCase().replace(/_/g, ' ');
  return { id: type, name: type, short: `Personal data: ${words}`, full: `A value detected as ${words}.` };
}

/** Every type gallra describes, in a stable order. */
export const KNOWN_RULE_IDS: readonly string[] = Object.keys(KNOWN);
