import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, IsUUID, Length, Matches } from 'class-validator';
import { IsPatientId } from '@care-events/service-kit';
import { BookedBy } from '../../domain/appointment';

const PARTIES: BookedBy[] = ['patient', 'staff'];
const PartyField = () => IsIn(PARTIES, { message: `must be one of ${PARTIES.join(', ')}` });
const IdField = (what: string) => IsUUID('all', { message: `must be a ${what} id (UUID)` });

export class BookAppointmentDto {
  @ApiProperty()
  @IdField('slot')
  slotId!: string;

  @ApiProperty()
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
  @ApiProperty({ description: 'The slot to move to' })
  @IdField('slot')
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

