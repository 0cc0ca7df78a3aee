import { Injectable } from '@nestjs/common';
import { PatientDeath, PatientLifecycleHooks, PatientMerge } from '@care-events/patient-view';
import { Clock } from '@care-events/service-kit';
import { DomainEvent, EventContext, OutboxWriter } from '@care-events/transactional-messaging';
import { Cancellation } from '../domain/appointment';
import { cancel, isUpcoming } from '../domain/appointment-rules';
import { slotNotFound } from '../domain/appointments-error';
import { AppointmentRepository } from '../persistence/appointment.repository';
import { SlotRepository } from '../persistence/slot.repository';
import { appointmentEvent, appointmentsMergedEvent } from './appointment-events';

const ON_DEATH: Cancellation = { cancelledBy: 'system', reason: 'patient deceased' };

/** What identity's deaths and merges do to appointments, in the consumed event's transaction. */
@Injectable()
export class AppointmentsLifecycle implements PatientLifecycleHooks {
  constructor(
    private readonly appointments: AppointmentRepository,
    private readonly slots: SlotRepository,
    private readonly outbox: OutboxWriter,
    private readonly clock: Clock,
  ) {}

  /** Frees the places of the patient's bookings still ahead; past ones keep their outcome to be recorded. */
  async onPatientDeceased({ patientId, correction }: PatientDeath, ctx: EventContext): Promise<void> {
    // A corrected date of death follows a death already acted on.
    if (correction) return;
    const now = this.clock.now();
    const events: DomainEvent[] = [];
    // Booked appointments come in slot id order, the order every writer updates slot rows in.
    for (const appointment of await this.appointments.bookedOf(ctx.manager, patientId)) {
      const slot = (await this.slots.findById(appointment.slotId, ctx.manager)) ?? slotNotFound(appointment.slotId);
      if (!isUpcoming(appointment, slot, now)) continue;
      const cancelled = cancel(appointment, ON_DEATH);
      await this.slots.freePlace(ctx.manager, slot.id);
      await this.appointments.update(ctx.manager, cancelled);
      events.push(appointmentEvent(cancelled, slot, { kind: 'cancelled', ...ON_DEATH }, ctx.commandContext(), now));
    }
    await this.outbox.append(ctx.manager, events);
  }

  async onPatientsMerged(merge: PatientMerge, ctx: EventContext): Promise<void> {
    const moved = await this.appointments.moveToPatient(ctx.manager, merge.supersededPatientId, merge.survivingPatientId);
    if (moved.length === 0) return;
    await this.outbox.append(ctx.manager, [appointmentsMergedEvent(merge, moved, ctx.commandContext(), this.clock.now())]);
  }
}
