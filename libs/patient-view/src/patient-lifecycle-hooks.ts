import { EventContext } from '@care-events/transactional-messaging';

export const PATIENT_LIFECYCLE_HOOKS = Symbol('PATIENT_LIFECYCLE_HOOKS');

export interface PatientDeath {
  patientId: string;
  /** ISO date. */
  dateOfDeath: string;
  /** True when this corrects the date of a death already recorded. */
  correction: boolean;
}

export interface PatientMerge {
  supersededPatientId: string;
  survivingPatientId: string;
}

/**
 * What a service does with its own data when identity says a patient died or two records were
 * merged. Hooks run in the consumed event's transaction (ctx.manager), after the view is updated
 * and with both patients' view rows locked, so no write for either patient runs beside them.
 */
export interface PatientLifecycleHooks {
  onPatientDeceased?(death: PatientDeath, ctx: EventContext): Promise<void>;
  onPatientsMerged?(merge: PatientMerge, ctx: EventContext): Promise<void>;
}
