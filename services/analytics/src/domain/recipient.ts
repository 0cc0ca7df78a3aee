/** Record types a recipient may receive, each on its own topic analytics.<recipient>.<type>.v1. */
export const CLINICAL_RECORD_TYPES = ['allergy', 'condition', 'encounter', 'medication', 'appointment', 'result'] as const;
export type ClinicalRecordType = (typeof CLINICAL_RECORD_TYPES)[number];
/** Every recipient also receives withdrawals: a patient who opted out later, whose rows its sinks delete. */
export const WITHDRAWAL_TYPE = 'withdrawal';

/** Quasi-identifiers a recipient may receive, generalised; the k-anonymity groups are made of those it receives. */
export const QUASI_IDENTIFIERS = ['yearOfBirth', 'postcodeDistrict', 'gender', 'practiceOdsCode'] as const;
export type QuasiIdentifier = (typeof QUASI_IDENTIFIERS)[number];

/** Whether the national data opt-out holds back a recipient's feed; an exemption names its basis. */
export type OptOutRule =
  | { applies: true }
  | { applies: false; basis: 'consent' | 'legal-requirement'; reference: string };

export interface Generalisation {
  /** Width of the year-of-birth band: 1 gives the year itself, 5 gives 1970 for 1970-1974. */
  yearOfBirthBand: number;
  /** `district` keeps the outward code (LS1), `area` only its letters (LS). */
  postcode: 'district' | 'area';
}

/** One data-sharing agreement: who receives what, how generalised, and under which opt-out rule. */
export interface Recipient {
  name: string;
  project: string;
  dataSharingAgreement: string;
  types: ClinicalRecordType[];
  fields: QuasiIdentifier[];
  generalisation: Generalisation;
  k: number;
  nationalDataOptOut: OptOutRule;
}

const NAME = /^[a-z][a-z0-9-]{1,40}$/;

/** The recipients file (deploy/analytics/recipients.json), checked whole: every problem is named at once. */
export function parseRecipients(file: unknown): Recipient[] {
  const problems: string[] = [];
  const list = (file as { recipients?: unknown })?.recipients;
  if (!Array.isArray(list)) throw new Error('recipients file: "recipients" must be an array');
  const recipients = list.map((entry, index) => parseRecipient(entry as Record<string, unknown>, `recipients[${index}]`, problems));
  const names = recipients.map((r) => r.name);
  for (const name of names.filter((name, i) => names.indexOf(name) !== i)) problems.push(`recipient ${name} is declared twice`);
  if (problems.length) throw new Error(`recipients file is invalid: ${problems.join('; ')}`);
  return recipients;
}

function parseRecipient(entry: Record<string, unknown>, where: string, problems: string[]): Recipient {
  const text = (key: string) => {
    const value = entry[key];
    if (typeof value !== 'string' || !value.trim()) problems.push(`${where}.${key} must be a non-empty string`);
    return String(value);
  };
  const name = text('name');
  if (!NAME.test(name)) problems.push(`${where}.name must be lower-case letters, digits and hyphens (it names topics)`);
  const subset = <T extends string>(key: string, allowed: readonly T[]): T[] => {
    const value = entry[key];
    if (!Array.isArray(value) || value.some((item) => !allowed.includes(item as T))) problems.push(`${where}.${key} must list some of ${allowed.join(', ')}`);
    return Array.isArray(value) ? (value as T[]) : [];
  };
  const generalisation = (entry.generalisation ?? {}) as Partial<Generalisation>;
  const band = generalisation.yearOfBirthBand ?? 1;
  if (![1, 5, 10].includes(band)) problems.push(`${where}.generalisation.yearOfBirthBand must be 1, 5 or 10`);
  const postcode = generalisation.postcode ?? 'district';
  if (postcode !== 'district' && postcode !== 'area') problems.push(`${where}.generalisation.postcode must be district or area`);
  const k = entry.k;
  if (!Number.isInteger(k) || (k as number) < 1) problems.push(`${where}.k must be a whole number of at least 1`);
  return {
    name,
    project: text('project'),
    dataSharingAgreement: text('dataSharingAgreement'),
    types: subset('types', CLINICAL_RECORD_TYPES),
    fields: subset('fields', QUASI_IDENTIFIERS),
    generalisation: { yearOfBirthBand: band, postcode },
    k: k as number,
    nationalDataOptOut: optOutRule(entry.nationalDataOptOut, `${where}.nationalDataOptOut`, problems),
  };
}

function optOutRule(value: unknown, where: string, problems: string[]): OptOutRule {
  // Applies unless an exemption is recorded with its basis: the safe reading of a missing entry.
  if (value === undefined) return { applies: true };
  const rule = value as { applies?: unknown; basis?: unknown; reference?: unknown };
  if (rule.applies !== false) return { applies: true };
  if (rule.basis !== 'consent' && rule.basis !== 'legal-requirement') problems.push(`${where}.basis must be consent or legal-requirement for an exemption`);
  if (typeof rule.reference !== 'string' || !rule.reference.trim()) problems.push(`${where}.reference must name the consent record or legal instrument`);
  return { applies: false, basis: rule.basis as 'consent' | 'legal-requirement', reference: String(rule.reference) };
}
