import { CareRecordRead } from './care-record-calls';

const lower = (value: string) => value.toLowerCase().replace(/_/g, ' ');
const LABEL_WIDTH = 18;

/** The lines of a care record a crew looks for first: allergies, medicines (stopped ones with who and why), critical results, freshness. */
export function careRecordSummary(record: CareRecordRead): string[] {
  const allergies = record.allergies.map((allergy) =>
    `${allergy.substance.display}: ${lower(allergy.severity)}, criticality ${lower(allergy.criticality)}` +
    (allergy.reaction ? `, reaction ${allergy.reaction.manifestation.display.toLowerCase()}` : '') + ` (recorded by ${allergy.recordedBy.odsCode})`);
  const medications = record.medications.map((medication) =>
    medication.status === 'STOPPED'
      ? `${medication.medicine.display}: STOPPED by ${stopper(medication.stoppedBy)}, reason: ${medication.stopReason}`
      : `${medication.medicine.display}: active, ${medication.dosageText.toLowerCase()}`);
  const critical = record.results.flatMap((result) =>
    result.observations.filter((observation) => observation.critical).map((observation) =>
      `${result.testCode.display}: ${observation.code.display} ${observation.value} ${observation.unit} CRITICAL`));
  const lags = record.freshness.map((topic) => topic.lag);
  const latest = record.freshness.map((topic) => topic.latestEventRecordedAt).filter((at): at is string => at !== null).sort().pop();
  return [
    ...labelled('allergies', allergies),
    ...labelled('medications', medications),
    ...labelled('critical results', critical),
    `${'freshness:'.padEnd(LABEL_WIDTH)}${record.freshness.length} source topics, consumer lag ${lags.every((lag) => lag === 0) ? '0 on each' : lags.map(String).join(', ')}` +
      (latest ? `; latest event applied ${latest.slice(11, 19)} UTC` : ''),
  ];
}

function stopper(actor: { type: string; id: string; odsCode: string | null } | null): string {
  if (!actor) return 'someone not recorded';
  return actor.odsCode ? `${actor.odsCode} (${actor.id})` : `${actor.type.toLowerCase()} ${actor.id}`;
}

function labelled(label: string, lines: string[]): string[] {
  const head = `${label}:`.padEnd(LABEL_WIDTH);
  if (lines.length === 0) return [`${head}none`];
  return lines.map((line, i) => `${i === 0 ? head : ' '.repeat(LABEL_WIDTH)}${line}`);
}
