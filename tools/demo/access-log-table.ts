import { AccessLogEntry } from './care-record-calls';
import { CareSetting } from './care-settings';

/**
 * The patient's access log as a table, oldest first: when, who (as their token named them), for
 * which organisation, what, under which purpose, whether it was allowed, and break-glass with its reason.
 */
export function accessLogTable(log: AccessLogEntry[], settings: CareSetting[]): string[] {
  const organisation = (odsCode: string | null) => {
    if (!odsCode) return '-';
    const setting = settings.find((candidate) => candidate.odsCode === odsCode);
    return setting ? `${odsCode} ${setting.name}` : odsCode;
  };
  const rows = [...log]
    .sort((a, b) => a.accessedAt.localeCompare(b.accessedAt))
    .map((entry) => [
      entry.accessedAt.slice(11, 19),
      who(entry.accessor),
      organisation(entry.accessor.odsCode),
      entry.what,
      entry.purpose,
      entry.outcome,
      entry.breakGlass ? `yes: "${entry.breakGlassReason}"` : 'no',
    ]);
  return columns([['time (UTC)', 'who', 'organisation', 'what', 'purpose', 'outcome', 'break-glass'], ...rows]);
}

function who(accessor: AccessLogEntry['accessor']): string {
  switch (accessor.kind) {
    case 'STAFF':
      return `${accessor.role ?? 'staff'} ${accessor.id}`;
    case 'PATIENT':
      return 'the patient (NHS login)';
    case 'SYSTEM':
      return `system ${accessor.id}`;
  }
}

/** Left-aligned columns two spaces apart; the last column is not padded. */
function columns(rows: string[][]): string[] {
  const widths = rows[0].map((_, i) => Math.max(...rows.map((row) => row[i].length)));
  return rows.map((row) => row.map((cell, i) => (i === row.length - 1 ? cell : cell.padEnd(widths[i]))).join('  '));
}
