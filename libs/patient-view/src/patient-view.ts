import { contractFor, IdentityEventType } from '@care-events/contracts';
import { IdentityEventsConsumer } from './identity-events.consumer';
import { KnownPatientEntity } from './known-patient.entity';
import { KnownPatientNhsNumber1767000003000 } from './known-patient-nhs-number.migration';
import { KnownPatientNumbers } from './known-patient-numbers.service';
import { KnownPatientRepository } from './known-patient.repository';
import { PatientDirectory } from './patient-directory.service';
import { CreateKnownPatient1732600000050 } from './patient-view.migration';
import { PatientViewCommands } from './patient-view-commands.handler';

/**
 * The pieces a clinical service adds to its module and definition to keep a view of patients:
 * spread each list into the matching place (ServiceDefinition and @Module).
 */
export const PatientView = {
  topic: contractFor(IdentityEventType.PatientRegistered).topic,
  entities: [KnownPatientEntity],
  migrations: [CreateKnownPatient1732600000050, KnownPatientNhsNumber1767000003000],
  controllers: [IdentityEventsConsumer],
  providers: [KnownPatientRepository, PatientDirectory, PatientViewCommands, KnownPatientNumbers],
  exports: [PatientDirectory, PatientViewCommands, KnownPatientNumbers],
} as const;
