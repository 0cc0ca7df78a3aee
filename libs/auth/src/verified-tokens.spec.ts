import type { Principal } from './principal';
import { VerifiedTokens } from './verified-tokens';

const caller = (userId: string) => ({ kind: 'staff', userId, odsCode: 'A81001', role: 'clinician', roleCode: 'R8000' }) as Principal;

describe('VerifiedTokens', () => {
  it('gives a remembered caller until the token is no longer valid', () => {
    const verified = new VerifiedTokens();
    verified.remember('t1', caller('G1'), 1_000);
    expect(verified.find('t1', 999)).toEqual(caller('G1'));
    expect(verified.find('t1', 1_000)).toBeUndefined();
    expect(verified.find('t2', 0)).toBeUndefined();
  });

  it('forgets the oldest token past its capacity', () => {
    const verified = new VerifiedTokens(2);
    verified.remember('t1', caller('G1'), 1_000);
    verified.remember('t2', caller('G2'), 1_000);
    verified.remember('t3', caller('G3'), 1_000);
    expect(['t1', 't2', 't3'].map((token) => verified.find(token, 0)?.kind === 'staff')).toEqual([false, true, true]);
  });
});
