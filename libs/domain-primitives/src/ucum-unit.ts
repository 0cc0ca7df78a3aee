import { invalid, valid, Validation } from './validation';

// The units lab results and medicine quantities are accepted in: a supported subset, not the
// full UCUM grammar, so a unit that is valid UCUM but missing here is rejected until it is added
// deliberately. Codes are case-sensitive, as in UCUM itself. Countable dose forms use UCUM
// annotations ({tablet}), which UCUM reads as the unit 1 with a label.
const SUPPORTED_UNITS: ReadonlySet<string> = new Set([
  'mmol/L',
  'umol/L',
  'nmol/L',
  'pmol/L',
  'mmol/mol',
  'g/L',
  'g/dL',
  'mg/L',
  'ug/L',
  'ng/L',
  '10*9/L',
  '10*12/L',
  '%',
  'fL',
  'pg',
  'mL/min/{1.73_m2}',
  'U/L',
  'IU/L',
  'mU/L',
  'kPa',
  'mm[Hg]',
  'kg',
  'cm',
  '/min',
  's',
  '{ratio}',
  '1',
  'mg',
  'g',
  'ug',
  'mL',
  'L',
  '{tablet}',
  '{capsule}',
  '{dose}',
  '{puff}',
  '{patch}',
  '{sachet}',
  '{suppository}',
  '{ampoule}',
  '{vial}',
]);

/** Parses a UCUM unit code from the supported subset. */
export function parseUcumUnit(input: string): Validation<string> {
  const unit = input.trim();
  return SUPPORTED_UNITS.has(unit) ? valid(unit) : invalid('is not a known UCUM unit');
}
