import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { PATIENT_NHS_NUMBERS, PatientAccess } from '@care-events/patient-access';
import { KnownPatientNumbers, PATIENT_LIFECYCLE_HOOKS, PatientView } from '@care-events/patient-view';
import { ServiceDefinition, ServiceKitModule } from '@care-events/service-kit';
import { consumedTopics } from '@care-events/messaging';
import { AppointmentsController } from './api/appointments.controller';
import { SlotsController } from './api/slots.controller';
import { AppointmentsService } from './application/appointments.service';
import { SlotsService } from './application/slots.service';
import { AppointmentsLifecycle } from './events/appointments-lifecycle';
import { AppointmentEntity } from './persistence/appointment.entity';
import { AppointmentRepository } from './persistence/appointment.repository';
import { CreateSlotAndAppointment1732600000400 } from './persistence/migrations/1732600000400-create-slot-and-appointment';
import { SlotEntity } from './persistence/slot.entity';
import { SlotRepository } from './persistence/slot.repository';

export const APPOINTMENTS_SERVICE: ServiceDefinition = {
  name: 'appointments',
  defaultPort: 3004,
  title: 'care-events appointments',
  description: "Owns care settings' slots and patients' bookings: book, reschedule, cancel, attended, missed; cancels future bookings on death. Publishes appointments.appointment.v1.",
  entities: [...PatientView.entities, ...PatientAccess.entities, SlotEntity, AppointmentEntity],
  migrations: [...PatientView.migrations, ...PatientAccess.migrations, CreateSlotAndAppointment1732600000400],
  consumes: consumedTopics('appointments'),
};

@Module({
  imports: [ServiceKitModule.forService(APPOINTMENTS_SERVICE), TypeOrmModule.forFeature([SlotEntity, AppointmentEntity])],
  controllers: [...PatientView.controllers, ...PatientAccess.controllers, SlotsController, AppointmentsController],
  providers: [
    ...PatientView.providers,
    ...PatientAccess.providers,
    { provide: PATIENT_NHS_NUMBERS, useExisting: KnownPatientNumbers },
    SlotRepository,
    AppointmentRepository,
    SlotsService,
    AppointmentsService,
    AppointmentsLifecycle,
    { provide: PATIENT_LIFECYCLE_HOOKS, useExisting: AppointmentsLifecycle },
  ],
})
export class AppointmentsModule {}
