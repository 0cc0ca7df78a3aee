/** Valid NHS numbers in the 999 range (never issued to people), a fresh one each call. */
export function nhsNumbers(): () => string {
  let next = 100_000 + Math.floor(Math.random() * 800_000);
  return () => {
    for (;;) {
      const nine = `999${String(next++).padStart(6, '0')}`;
      const sum = [...nine].reduce((total, digit, i) => total + Number(digit) * (10 - i), 0);
      const check = (11 - (sum % 11)) % 11;
      if (check !== 10) return `${nine}${check}`;
    }
  };
}
