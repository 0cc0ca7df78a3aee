import { readIntegerSettings } from '@care-events/service-kit';

export const RELATIONSHIP_CONFIG = Symbol('RELATIONSHIP_CONFIG');

export interface RelationshipConfig {
  /** How long an ended encounter, a finished appointment or a result keeps its setting related. */
  windowHours: number;
  /** How often relationships past their scheduled end are looked for. */
  sweepIntervalMs: number;
}

const SETTINGS = {
  windowHours: { name: 'CARE_ROUTER_RELATIONSHIP_WINDOW_HOURS', fallback: 72, min: 1, max: 8_760 },
  sweepIntervalMs: { name: 'CARE_ROUTER_RELATIONSHIP_SWEEP_MS', fallback: 60_000, min: 100, max: 3_600_000 },
} as const;

/** Reads the relationship settings at start-up; every malformed one is named at once. */
export function loadRelationshipConfig(env: Record<string, string | undefined> = process.env): RelationshipConfig {
  return readIntegerSettings('care-router', SETTINGS, env);
}

export const relationshipConfigProvider = { provide: RELATIONSHIP_CONFIG, useFactory: () => loadRelationshipConfig() };
