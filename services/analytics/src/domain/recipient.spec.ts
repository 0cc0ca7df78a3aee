import { parseRecipients } from './recipient';

const valid = {
  name: 'r1', project: 'Asthma outcomes', dataSharingAgreement: 'DSA-1', types: ['allergy'], fields: ['yearOfBirth'], generalisation: { yearOfBirthBand: 5, postcode: 'area' }, k: 5,
};

describe('parseRecipients', () => {
  it('applies the national data opt-out unless an exemption is recorded', () => {
    expect(parseRecipients({ recipients: [valid] })[0].nationalDataOptOut).toEqual({ applies: true });
  });

  it.each([
    ['an exemption without its basis', { ...valid, nationalDataOptOut: { applies: false } }, /basis must be consent or legal-requirement/],
    ['an exemption without its reference', { ...valid, nationalDataOptOut: { applies: false, basis: 'consent' } }, /reference must name/],
    ['a name that cannot name a topic', { ...valid, name: 'R 1' }, /lower-case letters/],
    ['an unknown record type', { ...valid, types: ['notes'] }, /types must list some of/],
    ['an identifying field', { ...valid, fields: ['nhsNumber'] }, /fields must list some of/],
    ['k of 0', { ...valid, k: 0 }, /k must be/],
  ])('refuses %s', (_, entry, message) => {
    expect(() => parseRecipients({ recipients: [entry] })).toThrow(message);
  });

  it('keeps an exemption with its basis and reference', () => {
    const [recipient] = parseRecipients({ recipients: [{ ...valid, nationalDataOptOut: { applies: false, basis: 'legal-requirement', reference: 'COPI notice 2026/3' } }] });
    expect(recipient.nationalDataOptOut).toEqual({ applies: false, basis: 'legal-requirement', reference: 'COPI notice 2026/3' });
  });
});
