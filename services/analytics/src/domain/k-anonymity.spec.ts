import { groupSizes, meetsK } from './k-anonymity';

const person = (yearOfBirth: number, postcodeDistrict: string, gender = 'FEMALE', practiceOdsCode = 'A81001') => ({ yearOfBirth, postcodeDistrict, gender, practiceOdsCode });
const population = [person(1970, 'LS1'), person(1971, 'LS1'), person(1972, 'LS2'), person(1973, 'LS2'), person(1990, 'LS1', 'MALE')];

describe('k-anonymity', () => {
  it.each([
    ['year and district: all apart', { fields: ['yearOfBirth', 'postcodeDistrict'], generalisation: { yearOfBirthBand: 1, postcode: 'district' } }, [1, 1, 1, 1, 1]],
    ['five-year band and area', { fields: ['yearOfBirth', 'postcodeDistrict'], generalisation: { yearOfBirthBand: 5, postcode: 'area' } }, [1, 4]],
    ['practice only', { fields: ['practiceOdsCode'], generalisation: { yearOfBirthBand: 1, postcode: 'district' } }, [5]],
    ['gender and practice', { fields: ['gender', 'practiceOdsCode'], generalisation: { yearOfBirthBand: 1, postcode: 'district' } }, [1, 4]],
  ] as const)('%s', (_, recipient, sizes) => {
    expect([...groupSizes(population, recipient).values()].sort()).toEqual(sizes);
  });

  it.each([
    [4, 5, false],
    [5, 5, true],
    [6, 5, true],
    [1, 1, true],
  ])('a group of %s with k=%s is releasable: %s', (size, k, releasable) => {
    expect(meetsK(size, k)).toBe(releasable);
  });
});
