/** Why a care setting is related to a patient; each kind has its own start and end rules (care-relationship-rules.ts). */
export const RELATIONSHIP_KINDS = ['GP_PRACTICE', 'NOMINATED_PHARMACY', 'ENCOUNTER', 'APPOINTMENT', 'RESULT', 'FOLLOW'] as const;
export type RelationshipKind = (typeof RELATIONSHIP_KINDS)[number];

export const END_REASONS = ['SUPERSEDED_BY_CHANGE', 'WINDOW_ELAPSED', 'PATIENT_DECEASED', 'PATIENTS_MERGED', 'FOLLOW_ENDED', 'FOLLOW_EXPIRED'] as const;
export type EndReason = (typeof END_REASONS)[number];

/** A care setting related to a patient, and why. */
export interface SettingLink {
  odsCode: string;
  kind: RelationshipKind;
}

/** Who created or ended a relationship by hand (a follow); derived relationships have none. */
export interface RelationshipActor {
  type: string;
  id: string;
  odsCode: string | null;
}

export interface CareRelationship {
  id: string;
  patientId: string;
  odsCode: string;
  kind: RelationshipKind;
  /** encounterId, appointmentId, reportId, or the follow's own id; null for GP practice and pharmacy. */
  sourceId: string | null;
  startedAt: Date;
  /** When it ends by itself unless something ends it first. */
  endsAt: Date | null;
  endedAt: Date | null;
  endReason: EndReason | null;
  /** The reason stated for a follow. */
  reason: string | null;
  createdBy: RelationshipActor | null;
  endedBy: RelationshipActor | null;
}

/** A relationship about to begin; its id is given when it is stored (a follow's id is its sourceId). */
export type NewRelationship = Omit<CareRelationship, 'id' | 'endedAt' | 'endReason' | 'endedBy'> & { id?: string };

/** Active at `at`: started, and neither ended nor past its scheduled end. */
export function isActiveAt(relationship: CareRelationship, at: Date): boolean {
  const end = relationship.endedAt ?? relationship.endsAt;
  return relationship.startedAt.getTime() <= at.getTime() && (end === null || at.getTime() < end.getTime());
}

/** Not yet ended, though its scheduled end may have passed without the sweep having seen it. */
export const isOpen = (relationship: CareRelationship): boolean => relationship.endedAt === null;

/** The settings related to the patient at `at`, each (setting, kind) once, in a stable order. */
export function settingLinksAt(relationships: readonly CareRelationship[], at: Date): SettingLink[] {
  const links = new Map<string, SettingLink>();
  for (const relationship of relationships) {
    if (isActiveAt(relationship, at)) links.set(`${relationship.odsCode} ${relationship.kind}`, { odsCode: relationship.odsCode, kind: relationship.kind });
  }
  return [...links.values()].sort((a, b) => (a.odsCode === b.odsCode ? a.kind.localeCompare(b.kind) : a.odsCode.localeCompare(b.odsCode)));
}
