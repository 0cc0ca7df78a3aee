/**
 * The wait a Retry-After header asks for (RFC 9110 §10.2.3): whole seconds or an HTTP-date, the
 * latter against `now`. Null when absent or unreadable; a date in the past is no wait.
 */
export function retryAfterMs(header: string | undefined, now: Date): number | null {
  const value = header?.trim();
  if (!value) return null;
  if (/^\d+$/.test(value)) return Number(value) * 1_000;
  // An HTTP-date names a weekday and GMT; Date.parse alone would accept far looser text.
  if (!/^[A-Z][a-z]{2}, \d{2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2}:\d{2} GMT$/.test(value)) return null;
  const at = Date.parse(value);
  return Number.isNaN(at) ? null : Math.max(0, at - now.getTime());
}
