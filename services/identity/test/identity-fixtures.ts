export { nhsNumbers } from '@care-events/local-platform';

export function registration(nhsNumber: string, overrides: Record<string, unknown> = {}) {
  return {
    nhsNumber,
    name: { given: ['Jane'], family: 'Smith' },
    birthDate: '1970-01-31',
    gender: 'female',
    address: { lines: ['1 Chapel Street'], city: 'Leeds', postcode: 'LS1 4AP' },
    registeredGpOdsCode: 'A81001',
    ...overrides,
  };
}
