/**
 * PostgreSQL errors that pass on their own: connection failures (class 08), the server shutting
 * down (57P0x), serialization failures and deadlocks (40001, 40P01). A consumer retries these
 * without limit instead of dead-lettering the message.
 */
export function isTransientDatabaseError(error: unknown): boolean {
  const code = (error as { code?: string; driverError?: { code?: string } })?.driverError?.code ?? (error as { code?: string })?.code;
  if (!code) return false;
  return code.startsWith('08') || code.startsWith('57P0') || code === '40001' || code === '40P01' || code === 'ECONNREFUSED';
}
