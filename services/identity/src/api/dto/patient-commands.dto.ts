import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, ValidateIf } from 'class-validator';
import { IsCalendarDate, IsNhsNumber, IsOdsCode, IsPatientId } from '@care-events/service-kit';
import { AddressDto } from './address.dto';
import { ContactDetailsDto } from './contact-details.dto';
import { AddressField, ContactField } from './demographics-fields';

export class ChangeRegisteredGpDto {
  @ApiProperty({ example: 'A81002' })
  @IsOdsCode()
  registeredGpOdsCode!: string;
}

export class ChangeNominatedPharmacyDto {
  @ApiProperty({ type: String, example: 'FA123', nullable: true, description: 'null removes the nomination' })
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
  @ApiProperty({ format: 'uuid', description: 'The record that carries on; this one becomes a pointer to it' })
  @IsPatientId()
  survivingPatientId!: string;
}

/** The flag, and the address and contact a newly restricted patient moves to, in one command. */
export class SetSensitivityDto {
  @ApiProperty()
  @IsBoolean()
  sensitive!: boolean;

  @ApiPropertyOptional({ type: AddressDto, nullable: true, description: 'Changed with the flag, so it never reaches an event; null removes it' })
  @ValidateIf((dto: SetSensitivityDto) => dto.address !== null && dto.address !== undefined)
  @AddressField()
  address?: AddressDto | null;

  @ApiPropertyOptional({ type: ContactDetailsDto, nullable: true, description: 'Changed with the flag, so it never reaches an event; null removes it' })
  @ValidateIf((dto: SetSensitivityDto) => dto.contact !== null && dto.contact !== undefined)
  @ContactField()
  contact?: ContactDetailsDto | null;
}

export class FindPatientQuery {
  @ApiProperty({ example: '9434765919' })
  @IsNhsNumber()
  nhsNumber!: string;
}
