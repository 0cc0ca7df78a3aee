import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, registerDecorator } from 'class-validator';
import { IsOdsCode } from '@care-events/service-kit';
import { CONTENT_LEVELS, ContentLevel } from '../../domain/endpoint';
import { MAX_NUMBER, QueryWholeNumber } from './endpoint-validators';

export class EndpointListQuery {
  @ApiPropertyOptional({ example: 'A81001', description: 'The care setting (default: the caller\'s; only an administrator may name another)' })
  @IsOptional()
  @IsOdsCode()
  odsCode?: string;
}

export class AttemptsQuery {
  @ApiPropertyOptional({ minimum: 1, description: 'Only attempts of this event number' })
  @IsOptional()
  @QueryWholeNumber(1, MAX_NUMBER)
  eventNumber?: number;

  @ApiPropertyOptional({ minimum: 1, description: 'Attempts older than this attempt id (the next page)' })
  @IsOptional()
  @QueryWholeNumber(1, MAX_NUMBER)
  beforeId?: number;

  @ApiPropertyOptional({ minimum: 1, maximum: 500, default: 50 })
  @IsOptional()
  @QueryWholeNumber(1, 500)
  limit?: number;
}

export class EventsRangeQuery {
  @ApiProperty({ minimum: 1, description: 'The first event number, inclusive' })
  @QueryWholeNumber(1, MAX_NUMBER)
  sinceNumber!: number;

  @ApiPropertyOptional({ minimum: 1, description: 'The last event number, inclusive (default: as many as allowed)' })
  @IsOptional()
  @QueryWholeNumber(1, MAX_NUMBER)
  untilNumber?: number;
}

/** `$events` of the backport IG. */
export class FhirEventsQuery {
  @ApiProperty({ minimum: 1, description: 'The first event number, inclusive' })
  @QueryWholeNumber(1, MAX_NUMBER)
  eventsSinceNumber!: number;

  @ApiPropertyOptional({ minimum: 1, description: 'The last event number, inclusive (default: as many as allowed)' })
  @IsOptional()
  @QueryWholeNumber(1, MAX_NUMBER)
  eventsUntilNumber?: number;

  @ApiPropertyOptional({ enum: CONTENT_LEVELS, description: 'The content level wanted (default: the endpoint\'s)' })
  @IsOptional()
  @IsIn(CONTENT_LEVELS, { message: `must be one of ${CONTENT_LEVELS.join(', ')}` })
  content?: ContentLevel;
}

/** `$resend`: everything from eventsSinceNumber on is delivered again. */
export class FhirResendQuery {
  @ApiProperty({ minimum: 1, description: 'Deliver again from this event number on' })
  @QueryWholeNumber(1, MAX_NUMBER)
  eventsSinceNumber!: number;

  @ApiPropertyOptional({ description: 'Not accepted: a resend delivers everything from eventsSinceNumber on, in order' })
  @IsOptional()
  @Refused('is not accepted: $resend delivers every event from eventsSinceNumber on, in order; use $events to read a closed range')
  eventsUntilNumber?: unknown;
}

function Refused(reason: string): PropertyDecorator {
  return (target, propertyName) =>
    registerDecorator({ name: 'refused', target: target.constructor, propertyName: propertyName as string, validator: { validate: () => false, defaultMessage: () => reason } });
}
