import * as primitives from './index';

describe('@care-events/domain-primitives', () => {
  it('exposes every parser from the library entry point', () => {
    expect(Object.keys(primitives).sort()).toEqual(
      [
        'DomainException',
        'checkInterval',
        'epochDaysToIsoDate',
        'formatNhsNumber',
        'hasValidVerhoeffCheckDigit',
        'invalid',
        'isoDateToEpochDays',
        'parseDmdId',
        'parseInstant',
        'parseIsoDate',
        'parseNhsNumber',
        'parseOdsCode',
        'parseSnomedConceptId',
        'parseUcumUnit',
        'ukToday',
        'valid',
      ],
    );
  });
});
