import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, ValidateIf } from 'class-validator';
import { Gender } from '../../domain/patient';
import { AddressDto } from './address.dto';
import { ContactDetailsDto } from './contact-details.dto';
import { AddressField, BirthDateField, ContactField, GENDERS, GenderField, NameField } from './demographics-fields';
import { PersonNameDto } from './person-name.dto';

/** Only the fields present change; address and contact may be set to null to remove them. */
export class UpdateDemographicsDto {
  @ApiPropertyOptional({ type: PersonNameDto })
  @IsOptional()
  @NameField()
  name?: PersonNameDto;

  @ApiPropertyOptional({ format: 'date' })
  @IsOptional()
  @BirthDateField()
  birthDate?: string;

  @ApiPropertyOptional({ enum: GENDERS })
  @IsOptional()
  @GenderField()
  gender?: Gender;

  @ApiPropertyOptional({ type: AddressDto, nullable: true })
  @ValidateIf((dto: UpdateDemographicsDto) => dto.address !== null && dto.address !== undefined)
  @AddressField()
  address?: AddressDto | null;

  @ApiPropertyOptional({ type: ContactDetailsDto, nullable: true })
  @ValidateIf((dto: UpdateDemographicsDto) => dto.contact !== null && dto.contact !== undefined)
  @ContactField()
  contact?: ContactDetailsDto | null;
}
