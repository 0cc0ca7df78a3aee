import { createHash } from 'node:crypto';
import { Pseudonymiser } from './pseudonymiser';

const key = (fill: number) => Buffer.alloc(32, fill);
const nhs = '9990001234';

describe('Pseudonymiser', () => {
  const r1 = new Pseudonymiser('r1', new Map([[1, key(1)]]));
  const r1Again = new Pseudonymiser('r1', new Map([[1, key(1)]]));
  const r2 = new Pseudonymiser('r2', new Map([[1, key(2)]]));
  const r1Rotated = new Pseudonymiser('r1', new Map([[1, key(1)], [2, key(3)]]));

  it.each([
    ['the same key gives the same pseudonym (stable across restarts)', r1.pseudonym(nhs) === r1Again.pseudonym(nhs), true],
    ['another recipient gives another pseudonym', r1.pseudonym(nhs) === r2.pseudonym(nhs), false],
    ['a rotated key gives another pseudonym', r1.pseudonym(nhs) === r1Rotated.pseudonym(nhs), false],
    ['the pseudonym is not the unkeyed SHA-256', r1.pseudonym(nhs) === createHash('sha256').update(nhs).digest('hex'), false],
    ['ids of different kinds with the same value map apart', r1.ref('allergyId', 'x') === r1.ref('appointmentId', 'x'), false],
    ['another recipient re-keys eventIds apart', r1.eventId('e') === r2.eventId('e'), false],
  ])('%s', (_, actual, expected) => {
    expect(actual).toBe(expected);
  });

  it.each([
    [r1, 1],
    [r1Rotated, 2],
  ])('uses the highest key version (%#)', (pseudonymiser, version) => {
    expect(pseudonymiser.keyVersion).toBe(version);
  });

  it('gives a pseudonymiser per configured version, for withdrawals that must reach rows from before a rotation', () => {
    expect(r1Rotated.everyVersion().map((keys) => [keys.keyVersion, keys.pseudonym(nhs)])).toEqual([[1, r1.pseudonym(nhs)], [2, r1Rotated.pseudonym(nhs)]]);
  });

  it('gives eventIds as version 8 UUIDs and pseudonyms as 64 hex digits', () => {
    expect(r1.eventId('e')).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(r1.pseudonym(nhs)).toMatch(/^[0-9a-f]{64}$/);
  });
});
