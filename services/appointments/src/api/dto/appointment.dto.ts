import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, Length, Matches } from 'class-validator';
import { IsPatientId, IsRecordId } from '@care-events/service-kit';
import { BookedBy } from '../../domain/appointment';

const PARTIES: BookedBy[] = ['patient', 'staff'];
const PartyField = () => IsIn(PARTIES, { message: `must be one of ${PARTIES.join(', ')}` });

export class BookAppointmentDto {
  @ApiProperty({ format: 'uuid' })
  @IsRecordId('a slot')
  slotId!: string;

  @ApiProperty({ format: 'uuid' })
  @IsPatientId()
  patientId!: string;

  @ApiProperty({ enum: PARTIES })
  @PartyField()
  bookedBy!: BookedBy;

  @ApiPropertyOptional({ example: 'Fasting sample' })
  @IsOptional()
  @IsString()
  @Length(1, 1000)
  note?: string;
}

export class RescheduleAppointmentDto {
  @ApiProperty({ format: 'uuid', description: 'The slot to move to' })
  @IsRecordId('a slot')
  slotId!: string;
}

export class CancelAppointmentDto {
  @ApiProperty({ enum: PARTIES })
  @PartyField()
  cancelledBy!: BookedBy;

  @ApiProperty({ example: 'Feeling better' })
  @IsString()
  @Length(1, 500)
  @Matches(/\S/, { message: 'must not be blank' })
  reason!: string;
}

