import { IsIn } from 'class-validator';
import { NestedList } from '@care-events/service-kit';
import { ReportStatus } from '../../domain/report';
import { ObservationDto } from './observation.dto';

export const STATUSES: ReportStatus[] = ['preliminary', 'final'];

/** Property decorators shared by a new report and an amendment. */
export const StatusField = () => IsIn(STATUSES, { message: `must be one of ${STATUSES.join(', ')}` });

export const ObservationsField = () => NestedList(() => ObservationDto, { min: 1, max: 500, noun: 'observation' });
