import { ApiProperty } from '@nestjs/swagger';
import { IsBoolean, ValidateIf } from 'class-validator';
import { IsCalendarDate, IsNhsNumber, IsOdsCode, IsPatientId } from '@care-events/service-kit';

export class ChangeRegisteredGpDto {
  @ApiProperty({ example: 'A81002' })
  @IsOdsCode()
  registeredGpOdsCode!: string;
}

export class ChangeNominatedPharmacyDto {
  @ApiProperty({ example: 'FA123', nullable: true, description: 'null removes the nomination' })
  @ValidateIf((dto: ChangeNominatedPharmacyDto) => dto.nominatedPharmacyOdsCode !== null)
  @IsOdsCode()
  nominatedPharmacyOdsCode!: string | null;
}

export class RecordDeathDto {
  @ApiProperty({ example: '2026-11-20', format: 'date' })
  @IsCalendarDate()
  dateOfDeath!: string;
}

export class MergePatientDto {
  @ApiProperty({ description: 'The record that carries on; this one becomes a pointer to it' })
  @IsPatientId()
  survivingPatientId!: string;
}

export class SetSensitivityDto {
  @ApiProperty()
  @IsBoolean()
  sensitive!: boolean;
}

export class FindPatientQuery {
  @ApiProperty({ example: '9434765919' })
  @IsNhsNumber()
  nhsNumber!: string;
}
