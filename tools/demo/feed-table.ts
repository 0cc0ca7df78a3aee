import { CareSetting } from './care-settings';
import { meaningOf, shortName } from './event-meaning';
import { ReceivedCopy } from './setting-feed';

const SETTING_TYPES: Record<CareSetting['settingType'], string> = {
  GP_PRACTICE: 'GP practice', AMBULANCE_SERVICE: 'ambulance service', HOSPITAL: 'hospital', PHARMACY: 'pharmacy', OTHER: 'care setting',
};

/** A care setting's feed as the SDK delivered it: number, patient, event type and one line of meaning per copy. */
export function feedTable(setting: CareSetting, copies: ReceivedCopy[], patientNames: Map<string, string>, lastEventNumber: number): string[] {
  const heading = `${setting.name} · ${SETTING_TYPES[setting.settingType]} ${setting.odsCode} · care-setting.${setting.odsCode}.events.v1`;
  if (copies.length === 0) return [heading, `  received nothing (the router numbered ${lastEventNumber} copies for it)`];
  const rows = copies.map((copy) => [String(copy.eventNumber), patientNames.get(copy.patientId) ?? copy.patientId, shortName(copy.eventType), meaningOf(copy.eventType, copy.event)]);
  const table = columns([['#', 'patient', 'event', 'meaning'], ...rows]);
  const numbers = copies.map((copy) => copy.eventNumber);
  return [heading, ...table.map((line) => `  ${line}`), `  ${copies.length} copies, numbered ${numbers[0]} to ${numbers[numbers.length - 1]} (the router's last number: ${lastEventNumber})`];
}

/** Left-aligned columns, the first right-aligned, two spaces apart; the last column is not padded. */
export function columns(rows: string[][]): string[] {
  const widths = rows[0].map((_, i) => Math.max(...rows.map((row) => row[i].length)));
  return rows.map((row) => row.map((cell, i) => (i === 0 ? cell.padStart(widths[i]) : i === row.length - 1 ? cell : cell.padEnd(widths[i]))).join('  '));
}
