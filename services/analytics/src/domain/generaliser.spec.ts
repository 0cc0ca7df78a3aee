import { generalise, postcodeDistrict, yearOfBirth } from './generaliser';

const DAY = 86_400_000;
const profile = { yearOfBirth: 1973, postcodeDistrict: 'LS1', gender: 'FEMALE', practiceOdsCode: 'A81001' };

describe('generaliser', () => {
  it.each([
    ['LS1 4AP', 'LS1'],
    ['ls14ap', 'LS1'],
    ['SW1A 1AA', 'SW1A'],
    ['M1 1AE', 'M1'],
    ['B33 8TH', 'B33'],
    ['not a postcode', null],
    [null, null],
  ])('postcode %s has district %s', (postcode, district) => {
    expect(postcodeDistrict(postcode)).toBe(district);
  });

  it.each([
    [Date.UTC(1970, 0, 31) / DAY, 1970],
    [Date.UTC(1999, 11, 31) / DAY, 1999],
    [Date.UTC(2001, 0, 1) / DAY, 2001],
  ])('birth date (day %s) gives year %s', (days, year) => {
    expect(yearOfBirth(days)).toBe(year);
  });

  it.each([
    ['every field, year and district', ['yearOfBirth', 'postcodeDistrict', 'gender', 'practiceOdsCode'], { yearOfBirthBand: 1, postcode: 'district' }, profile],
    ['five-year band and area', ['yearOfBirth', 'postcodeDistrict'], { yearOfBirthBand: 5, postcode: 'area' },
      { yearOfBirth: 1970, postcodeDistrict: 'LS', gender: null, practiceOdsCode: null }],
    ['only the practice', ['practiceOdsCode'], { yearOfBirthBand: 1, postcode: 'district' },
      { yearOfBirth: null, postcodeDistrict: null, gender: null, practiceOdsCode: 'A81001' }],
  ] as const)('%s', (_, fields, generalisation, expected) => {
    expect(generalise(profile, fields, generalisation)).toEqual(expected);
  });
});
