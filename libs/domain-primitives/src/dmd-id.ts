import { parseSnomedConceptId } from './snomed-ct-id';
import { Validation } from './validation';

/**
 * Parses a dm+d identifier (VTM, VMP, AMP, VMPP, AMPP). dm+d is published as part of the UK
 * SNOMED CT edition, so its ids are SNOMED CT concept ids and follow exactly the same rules.
 */
export function parseDmdId(input: string): Validation<string> {
  return parseSnomedConceptId(input);
}
