import { generalise } from './generaliser';
import { groupKey, meetsK } from './k-anonymity';
import type { Generalisation, QuasiIdentifier } from './recipient';

const person = (yearOfBirth: number, postcodeDistrict: string, gender = 'FEMALE', practiceOdsCode = 'A81001') => ({ yearOfBirth, postcodeDistrict, gender, practiceOdsCode });
const population = [person(1970, 'LS1'), person(1971, 'LS1'), person(1972, 'LS2'), person(1973, 'LS2'), person(1990, 'LS1', 'MALE')];

/** How many of the population share each group, for one recipient's fields and generalisation. */
const groupSizes = (fields: QuasiIdentifier[], generalisation: Generalisation) => {
  const sizes = new Map<string, number>();
  for (const profile of population) {
    const key = groupKey(generalise(profile, fields, generalisation));
    sizes.set(key, (sizes.get(key) ?? 0) + 1);
  }
  return [...sizes.values()].sort();
};

describe('k-anonymity', () => {
  it.each([
    ['year and district: all apart', ['yearOfBirth', 'postcodeDistrict'], { yearOfBirthBand: 1, postcode: 'district' }, [1, 1, 1, 1, 1]],
    ['five-year band and area', ['yearOfBirth', 'postcodeDistrict'], { yearOfBirthBand: 5, postcode: 'area' }, [1, 4]],
    ['ten-year band and district', ['yearOfBirth', 'postcodeDistrict'], { yearOfBirthBand: 10, postcode: 'district' }, [1, 2, 2]],
    ['practice only', ['practiceOdsCode'], { yearOfBirthBand: 1, postcode: 'district' }, [5]],
    ['gender and practice', ['gender', 'practiceOdsCode'], { yearOfBirthBand: 1, postcode: 'district' }, [1, 4]],
  ] as Array<[string, QuasiIdentifier[], Generalisation, number[]]>)('%s gives groups of %s', (_, fields, generalisation, sizes) => {
    expect(groupSizes(fields, generalisation)).toEqual(sizes);
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
