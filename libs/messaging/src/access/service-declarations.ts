// deploy/ belongs to no project: the declaration is compiled in, so a built service carries the one it was built with.
// eslint-disable-next-line @nx/enforce-module-boundaries
import declared from '../../../../deploy/services.json';

/** One service of deploy/services.json, as far as its Kafka access goes. */
export interface ServiceAccessDeclaration {
  name: string;
  /** Topics its consumer reads. */
  consumes?: string[];
  /** Topic templates of deploy/topics.json (e.g. care-setting) it reads every topic of. */
  consumesTemplates?: string[];
  /** It serves patient data, and so writes each read to the access audit topic. */
  servesPatientData?: boolean;
}

/** deploy/services.json as it was when this code was built. */
export function declaredServiceAccess(): ServiceAccessDeclaration[] {
  return declared.services;
}

/** The topics a service's consumer reads: the one declaration its consumer and its Kafka ACLs both follow. */
export function consumedTopics(service: string): string[] {
  const entry = declaredServiceAccess().find((candidate) => candidate.name === service);
  if (!entry) throw new Error(`deploy/services.json declares no service "${service}"`);
  return entry.consumes ?? [];
}
