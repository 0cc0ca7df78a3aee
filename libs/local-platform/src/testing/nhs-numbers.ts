import { parseNhsNumber } from '@care-events/domain-primitives';

/**
 * Valid NHS numbers in the 999 range (never issued to people), a fresh one each call. Each is
 * checked with the domain's own parser, so the generator never gives one the services refuse
 * (a check digit of 10, or one digit repeated as in 9999999999).
 */
export function nhsNumbers(start = 100_000 + Math.floor(Math.random() * 800_000)): () => string {
  let next = start;
  return () => {
    for (;;) {
      const candidate = withCheckDigit(`999${String(next++ % 1_000_000).padStart(6, '0')}`);
      if (candidate && parseNhsNumber(candidate).ok) return candidate;
    }
  };
}

function withCheckDigit(nine: string): string | undefined {
  const sum = [...nine].reduce((total, digit, i) => total + Number(digit) * (10 - i), 0);
  const check = (11 - (sum % 11)) % 11;
  return check === 10 ? undefined : `${nine}${check}`;
}
