import { hasValidVerhoeffCheckDigit } from './verhoeff';
import { invalid, valid, Validation } from './validation';

// Partition identifiers for concepts: 00 in the short (international) format, 10 in the long
// format that carries a namespace, as national extensions such as the UK's do.
const CONCEPT_PARTITIONS: ReadonlySet<string> = new Set(['00', '10']);

/**
 * Parses a SNOMED CT concept identifier. Ids are kept as strings: 18 digits exceed
 * Number.MAX_SAFE_INTEGER, so a numeric type would silently corrupt long-format ids.
 */
export function parseSnomedConceptId(input: string): Validation<string> {
  const id = input.trim();
  if (!/^\d{6,18}$/.test(id)) return invalid('must be 6 to 18 digits');
  if (id.startsWith('0')) return invalid('must not start with 0');
  const partition = id.slice(-3, -1);
  // A description or relationship id can pass the check digit yet name the wrong kind of thing.
  if (!CONCEPT_PARTITIONS.has(partition)) return invalid(`partition identifier ${partition} is not a concept`);
  if (!hasValidVerhoeffCheckDigit(id)) return invalid('Verhoeff check digit does not match');
  return valid(id);
}
