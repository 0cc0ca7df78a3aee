import { OperationOutcomeError, validateResource } from '@medplum/core';
import type { Bundle, OperationOutcomeIssue, Parameters, ParametersParameter, Resource } from '@medplum/fhirtypes';
import { checkRequiredBindings, loadR4Definitions } from '@care-events/local-platform';

/*
 * Checks of FHIR notifications as a receiver would make them: R4 structure, cardinality and
 * invariants (medplum's validator on the published definitions), required bindings (which medplum
 * does not check), and the rules of the backport IG's
 * SubscriptionStatus and notification Bundle, whose profiles the definitions do not carry.
 */

/** Indexes the R4 StructureDefinitions and terminology (for the required bindings) once per test file. */
export function loadR4Structure(): void {
  loadR4Definitions();
}

/** What medplum finds wrong with a resource against R4; empty when valid. */
export function r4Issues(resource: Resource): OperationOutcomeIssue[] {
  try {
    return validateResource(resource);
  } catch (error) {
    if (error instanceof OperationOutcomeError) return error.outcome.issue ?? [];
    throw error;
  }
}

const STATUS_PROFILE = 'http://hl7.org/fhir/uv/subscriptions-backport/StructureDefinition/backport-subscription-status-r4';
const STATUS_CODES = ['requested', 'active', 'error', 'off'];
const TYPES = ['handshake', 'heartbeat', 'event-notification', 'query-status', 'query-event'];

/** The backport rules a notification (or $events answer) breaks, at the content level it was built for; empty when none. */
export function backportProblems(bundle: Bundle, content: 'empty' | 'id-only' | 'full-resource'): string[] {
  const problems: string[] = [];
  const check = (ok: boolean, problem: string) => ok || problems.push(problem);
  check(bundle.type === 'history', `Bundle.type is ${bundle.type}, not history`);
  problems.push(...requiredBindingProblems(bundle));
  const [first, ...others] = bundle.entry ?? [];
  const status = first?.resource as Parameters | undefined;
  if (status?.resourceType !== 'Parameters') return [...problems, 'entry[0] is not a Parameters resource'];
  check(status.meta?.profile?.includes(STATUS_PROFILE) === true, 'entry[0] does not claim backport-subscription-status-r4');
  check(first.request?.method === 'GET' && /\/Subscription\/[^/]+\/\$status$/.test(first.request.url), 'entry[0].request is not GET …/Subscription/<id>/$status');
  const named = (name: string) => (status.parameter ?? []).filter((p) => p.name === name);
  const one = (name: string, value: keyof ParametersParameter) => {
    const found = named(name);
    check(found.length === 1 && found[0][value] !== undefined, `${name} must appear once with ${value}`);
    return found[0]?.[value];
  };
  one('subscription', 'valueReference');
  check(STATUS_CODES.includes(String(one('status', 'valueCode'))), 'status is not an R4 subscription status');
  const type = String(one('type', 'valueCode'));
  check(TYPES.includes(type), `type ${type} is not a notification type`);
  check(/^\d+$/.test(String(one('events-since-subscription-start', 'valueString'))), 'events-since-subscription-start is not a count');
  const topics = named('topic');
  check(content === 'empty' ? topics.length === 0 : topics.length === 1 && !!topics[0].valueCanonical, `topic must be ${content === 'empty' ? 'absent' : 'one canonical'} at ${content}`);
  const events = named('notification-event');
  if (type === 'handshake' || type === 'heartbeat') check(events.length === 0 && others.length === 0, `a ${type} carries no events`);
  for (const event of events) {
    const parts = (name: string) => (event.part ?? []).filter((p) => p.name === name);
    check(parts('event-number').length === 1 && /^\d+$/.test(parts('event-number')[0].valueString ?? ''), 'a notification-event needs one event-number');
    const focus = parts('focus');
    check(content === 'empty' ? focus.length === 0 && parts('additional-context').length === 0 : focus.length === 1, `a notification-event has ${focus.length} focus at ${content}`);
    if (content === 'full-resource') {
      const reference = focus[0]?.valueReference?.reference;
      check(others.some((entry) => entry.fullUrl === reference), `no entry for the focus ${reference}`);
    }
  }
  if (content !== 'full-resource') check(others.length === 0, `${content} carries only the status entry`);
  const numbers = events.map((event) => Number(event.part?.find((p) => p.name === 'event-number')?.valueString));
  check(numbers.every((n, i) => i === 0 || n === numbers[i - 1] + 1), `event numbers ${numbers.join(',')} are not consecutive`);
  if (type === 'event-notification' && numbers.length) {
    check(named('events-since-subscription-start')[0]?.valueString === String(numbers[numbers.length - 1]), 'events-since-subscription-start is not the last event number');
  }
  return problems;
}

/** Codes outside their required value sets; a value set that cannot be expanded is a problem too, never a pass. */
function requiredBindingProblems(bundle: Bundle): string[] {
  try {
    return checkRequiredBindings(bundle).violations.map((v) => `${v.path}: ${v.codes.join(',')} is not in ${v.valueSet}`);
  } catch (error) {
    return [`required bindings not checked: ${(error as Error).message}`];
  }
}
