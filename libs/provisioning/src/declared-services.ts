// deploy/ belongs to no project: the declaration is compiled in, so a built service carries the one it was built with.
// eslint-disable-next-line @nx/enforce-module-boundaries
import declared from '../../../deploy/services.json';

export interface ServiceEntry {
  name: string;
  port: number;
  entry: string;
  /** The topic it owns; a service that only reads (delivery) publishes none. */
  publishes?: string;
}

/**
 * deploy/services.json, taken in at build time: the provisioning image carries the list it was built
 * with and needs no checkout beside it.
 */
export function declaredServices(): ServiceEntry[] {
  return declared.services;
}

/** The port of the development token issuer that `npm start` runs (deploy/services.json, `devIssuer`). */
export function declaredDevIssuerPort(): number {
  return declared.devIssuer.port;
}

/** A service's database is named after it, with underscores (care-record → care_record), as its config expects. */
export const serviceDatabaseName = (service: Pick<ServiceEntry, 'name'>): string => service.name.replace(/-/g, '_');
