import type { BundleEntry, Resource } from '@medplum/fhirtypes';

/** Event types that create their focus: the entry says POST/201; every other event changes it (PUT/200). */
const CREATING = /(Recorded|Prescribed|Booked|Reported|Registered|Started)$/;

/**
 * The focus entry of a full-resource notification. `resource` null means care-record no longer holds
 * the focus (404/410): the entry then says DELETE/410 and carries no resource, as the backport IG
 * allows when a resource cannot be included.
 */
export function fullResourceEntry(recordBaseUrl: string, eventType: string, focus: { resourceType: string; id: string }, resource: Resource | null): BundleEntry {
  const relative = `${focus.resourceType}/${focus.id}`;
  const fullUrl = `${recordBaseUrl}/${relative}`;
  if (!resource) return { fullUrl, request: { method: 'DELETE', url: relative }, response: { status: '410' } };
  const creates = CREATING.test(eventType);
  return { fullUrl, resource, request: { method: creates ? 'POST' : 'PUT', url: creates ? focus.resourceType : relative }, response: { status: creates ? '201' : '200' } };
}
