import { randomUUID } from 'node:crypto';
import { SeededRandom } from '@care-events/local-platform';
import { DomainEventToPublish, events } from './routing-fixtures';

interface Patient {
  id: string;
  gp: string;
  pharmacy: string | null;
  sensitive: boolean;
}

/** Random patients of a few GP practices and pharmacies, and which setting must receive each event about them. */
export class CareWorld {
  readonly expected = new Map<string, string[]>();
  private readonly patients: Patient[] = [];
  private readonly order: Array<{ eventId: string; patientId: string; topic: string }> = [];

  constructor(private readonly random: SeededRandom, private readonly gps: string[], private readonly pharmacies: string[]) {}

  get published(): number {
    return this.order.length;
  }

  /** New registrations, GP and pharmacy changes, demographic updates. */
  changes(count: number): DomainEventToPublish[] {
    return Array.from({ length: count }, () => {
      const roll = this.random.next();
      if (this.patients.length < 40 || roll < 0.4) {
        const patient = { id: randomUUID(), gp: this.random.pick(this.gps), pharmacy: this.random.next() < 0.7 ? this.random.pick(this.pharmacies) : null, sensitive: this.random.next() < 0.15 };
        this.patients.push(patient);
        return this.record(events.registered(patient.id, patient.gp, patient.pharmacy, patient.sensitive), null, patient);
      }
      const before = this.random.pick(this.patients);
      const after = { ...before };
      let event: DomainEventToPublish;
      if (roll < 0.65) {
        after.gp = this.random.pick(this.gps.filter((gp) => gp !== before.gp));
        event = events.gpChanged(before.id, before.gp, after.gp);
      } else if (roll < 0.9) {
        after.pharmacy = this.random.next() < 0.2 ? null : this.random.pick(this.pharmacies);
        event = events.pharmacyChanged(before.id, before.pharmacy, after.pharmacy);
      } else event = events.demographicsUpdated(before.id);
      const recorded = this.record(event, { ...before }, after);
      Object.assign(before, after);
      return recorded;
    });
  }

  /** Allergies, prescriptions and demographic updates of known patients: no relationship changes. */
  clinical(count: number): DomainEventToPublish[] {
    return Array.from({ length: count }, () => {
      const patient = this.random.pick(this.patients);
      const roll = this.random.next();
      const event = roll < 0.4 ? events.prescribed(patient.id, patient.gp) : roll < 0.8 ? events.allergyRecorded(patient.id, patient.gp) : events.demographicsUpdated(patient.id);
      return this.record(event, patient, patient);
    });
  }

  /** Each patient's events on each source topic arrive in the order they were published. */
  inTopicOrder(eventIds: string[]): boolean {
    const position = new Map(this.order.map((entry, i) => [entry.eventId, i]));
    const latest = new Map<string, number>();
    return eventIds.every((eventId) => {
      const entry = this.order[position.get(eventId)!];
      const stream = `${entry.patientId}/${entry.topic}`;
      const ok = position.get(eventId)! > (latest.get(stream) ?? -1);
      latest.set(stream, position.get(eventId)!);
      return ok;
    });
  }

  private record(event: DomainEventToPublish, before: Patient | null, after: Patient): DomainEventToPublish {
    const settings = new Set([...(before ? settingsOf(before) : []), ...settingsOf(after)]);
    for (const odsCode of settings) this.expected.set(odsCode, [...(this.expected.get(odsCode) ?? []), event.eventId]);
    this.order.push({ eventId: event.eventId, patientId: event.patientId, topic: event.type.split('.')[2] });
    return event;
  }
}

/** A sensitive patient's events reach their GP practice only. */
const settingsOf = (patient: Patient): string[] => (patient.sensitive ? [patient.gp] : [patient.gp, ...(patient.pharmacy ? [patient.pharmacy] : [])]);
