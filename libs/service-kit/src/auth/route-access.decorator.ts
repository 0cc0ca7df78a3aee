import { SetMetadata } from '@nestjs/common';

export const PUBLIC_ROUTE = 'care-events:public-route';
export const PATIENT_MAY_CALL = 'care-events:patient-may-call';

/** A route anyone may call without a token (health checks). */
export const PublicRoute = () => SetMetadata(PUBLIC_ROUTE, true);

/**
 * A write a patient may make (booking or cancelling an appointment): the service must then check
 * that the record is the patient's own.
 */
export const PatientMayCall = () => SetMetadata(PATIENT_MAY_CALL, true);
