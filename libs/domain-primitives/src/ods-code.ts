import { invalid, valid, Validation } from './validation';

// Organisations have 3 to 6 characters (RX9, FA123, A81001); some sites run to 8.
const ODS_CODE = /^[A-Z0-9]{3,8}$/;

/** Parses an ODS organisation code; codes are case-insensitive in practice, stored upper case. */
export function parseOdsCode(input: string): Validation<string> {
  const code = input.trim().toUpperCase();
  return ODS_CODE.test(code) ? valid(code) : invalid('must be an ODS code of 3 to 8 letters and digits');
}
