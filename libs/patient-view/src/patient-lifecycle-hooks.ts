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
  /**
   * The record that now holds the superseded one's data: the survivor identity named or, when that
   * one is superseded too by now, the end of its merge chain.
   */
  survivingPatientId: string;
}

/**
 * What a service does with its own data when identity says a patient died or two records were
 * merged. Hooks run in the consumed event's transaction (ctx.manager), after the view is updated
 * and with both patients' view rows locked, so no write for either patient runs beside them.
 */
export interface PatientLifecycleHooks {
  /**
   * The patient died; or a merge just brought data to a survivor who had died, which runs this
   * again for the survivor right after onPatientsMerged. It acts on what the death has not yet
   * touched, so running again changes only what the merge brought.
   */
  onPatientDeceased?(death: PatientDeath, ctx: EventContext): Promise<void>;
  onPatientsMerged?(merge: PatientMerge, ctx: EventContext): Promise<void>;
}
