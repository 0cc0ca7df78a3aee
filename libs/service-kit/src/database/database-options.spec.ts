import { databaseOptions } from './database-options';

describe('databaseOptions', () => {
  it('gives the pg pool the configured number of connections', () => {
    expect(databaseOptions('postgres://db/identity', [], [], 5)).toMatchObject({ extra: { max: 5 } });
  });
});
