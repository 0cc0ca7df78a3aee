import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsNotEmpty, IsOptional, IsString, MaxLength } from 'class-validator';
import { compose } from '@care-events/service-kit';
import { MAX_NUMBER, WholeNumber } from './endpoint-validators';

/** Why an operator acted: kept in the audit trail. */
const Reason = (): PropertyDecorator =>
  compose(
    IsString({ message: 'must be a string' }),
    IsNotEmpty({ message: 'must state a reason' }),
    MaxLength(500, { message: 'must be at most 500 characters' }),
  );

export class DisableEndpointDto {
  @ApiProperty({ example: 'Receiver retired', description: 'Why the endpoint is disabled (kept in its audit trail)' })
  @Reason()
  reason!: string;
}

export class ResendDto {
  @ApiProperty({ example: 1, minimum: 1, description: 'Deliver again from this event number on (at most the next undelivered number)' })
  @WholeNumber(1, MAX_NUMBER)
  fromNumber!: number;
}

export class SkipDto {
  @ApiProperty({ example: 1, minimum: 1, description: 'The number the endpoint is blocked or failing at (the next undelivered one)' })
  @WholeNumber(1, MAX_NUMBER)
  eventNumber!: number;

  @ApiPropertyOptional({ example: 1, minimum: 1, description: 'Skip up to and including this number (default: eventNumber alone)' })
  @IsOptional()
  @WholeNumber(1, MAX_NUMBER)
  throughNumber?: number;

  @ApiProperty({ example: 'Malformed copy; the practice was sent the record by other means', description: 'Why these events are never delivered (audited)' })
  @Reason()
  reason!: string;
}

export class RotateSecretDto {
  @ApiPropertyOptional({ example: 24, default: 24, minimum: 1, maximum: 168, description: 'Hours the previous secret keeps signing beside the new one' })
  @IsOptional()
  @WholeNumber(1, 168)
  overlapHours?: number;
}
