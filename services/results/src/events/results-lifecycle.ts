import { Injectable } from '@nestjs/common';
import { PatientLifecycleHooks, PatientMerge } from '@care-events/patient-view';
import { Clock } from '@care-events/service-kit';
import { EventContext, OutboxWriter } from '@care-events/transactional-messaging';
import { ReportRepository } from '../persistence/report.repository';
import { resultsMergedEvent } from './report-events';

/**
 * Results follow identity's merges. A death changes nothing here: post-mortem results are real
 * results and are still accepted and released.
 */
@Injectable()
export class ResultsLifecycle implements PatientLifecycleHooks {
  constructor(
    private readonly reports: ReportRepository,
    private readonly outbox: OutboxWriter,
    private readonly clock: Clock,
  ) {}

  async onPatientsMerged({ supersededPatientId, survivingPatientId }: PatientMerge, ctx: EventContext): Promise<void> {
    const moved = await this.reports.moveToPatient(ctx.manager, supersededPatientId, survivingPatientId);
    if (moved.length === 0) return;
    const event = resultsMergedEvent(supersededPatientId, survivingPatientId, moved, ctx.commandContext(), this.clock.now());
    await this.outbox.append(ctx.manager, [event]);
  }
}
