import { Module } from '@nestjs/common';
import { PATIENT_NHS_NUMBERS, PatientAccess } from '@care-events/patient-access';
import { KnownPatientNumbers, PATIENT_LIFECYCLE_HOOKS, PatientView } from '@care-events/patient-view';
import { ServiceDefinition, ServiceKitModule } from '@care-events/service-kit';
import { consumedTopics } from '@care-events/messaging';
import { ReportsController } from './api/reports.controller';
import { autoReleaseConfigProvider } from './application/auto-release.config';
import { AutoReleaseSweeper } from './application/auto-release.sweeper';
import { ReportsService } from './application/reports.service';
import { ResultsLifecycle } from './events/results-lifecycle';
import { CreateReport1732600000500 } from './persistence/migrations/1732600000500-create-report';
import { ReportVersionEntity } from './persistence/report-version.entity';
import { ReportEntity } from './persistence/report.entity';
import { ReportRepository } from './persistence/report.repository';

export const RESULTS_SERVICE: ServiceDefinition = {
  name: 'results',
  defaultPort: 3005,
  title: 'care-events results',
  description: 'Owns diagnostic reports (pathology, radiology): results, amendments and their release to the patient. Publishes results.report.v1.',
  entities: [...PatientView.entities, ...PatientAccess.entities, ReportEntity, ReportVersionEntity],
  migrations: [...PatientView.migrations, ...PatientAccess.migrations, CreateReport1732600000500],
  consumes: consumedTopics('results'),
};

/**
 * The results service. Besides the settings every service reads, it reads at start-up (a bad
 * value stops it, naming the variable):
 * - RESULTS_AUTO_RELEASE_DELAY_MINUTES (default 10080, i.e. 7 days; 0 to 525600): how long a final
 *   report whose observations are all normal waits for a clinician before it is released to the
 *   patient automatically, counted from when that version was reported;
 * - RESULTS_AUTO_RELEASE_SWEEP_MS (default 60000; 100 to 3600000): how often due reports are looked for.
 */
@Module({
  imports: [ServiceKitModule.forService(RESULTS_SERVICE)],
  controllers: [...PatientView.controllers, ...PatientAccess.controllers, ReportsController],
  providers: [
    ...PatientView.providers,
    ...PatientAccess.providers,
    { provide: PATIENT_NHS_NUMBERS, useExisting: KnownPatientNumbers },
    autoReleaseConfigProvider,
    ReportRepository,
    ReportsService,
    AutoReleaseSweeper,
    ResultsLifecycle,
    { provide: PATIENT_LIFECYCLE_HOOKS, useExisting: ResultsLifecycle },
  ],
})
export class ResultsModule {}
