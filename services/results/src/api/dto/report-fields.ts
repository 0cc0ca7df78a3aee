import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsIn, ValidateNested } from 'class-validator';
import { ReportStatus } from '../../domain/report';
import { ObservationDto } from './observation.dto';

export const STATUSES: ReportStatus[] = ['preliminary', 'final'];

/** Property decorators shared by a new report and an amendment. */
export const StatusField = () => IsIn(STATUSES, { message: `must be one of ${STATUSES.join(', ')}` });

export const ObservationsField = () =>
  compose(
    IsArray(),
    ArrayMinSize(1, { message: 'must contain at least one observation' }),
    ArrayMaxSize(500),
    ValidateNested({ each: true }),
    Type(() => ObservationDto),
  );

function compose(...decorators: PropertyDecorator[]): PropertyDecorator {
  return (target, key) => decorators.forEach((decorate) => decorate(target, key));
}
