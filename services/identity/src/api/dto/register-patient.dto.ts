import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsOptional } from 'class-validator';
import { IsNhsNumber, IsOdsCode } from '@care-events/service-kit';
import { Gender } from '../../domain/patient';
import { AddressDto } from './address.dto';
import { ContactDetailsDto } from './contact-details.dto';
import { AddressField, BirthDateField, ContactField, GENDERS, GenderField, NameField } from './demographics-fields';
import { PersonNameDto } from './person-name.dto';

export class RegisterPatientDto {
  @ApiProperty({ example: '943 476 5919', description: 'Ten digits with a Modulus 11 check digit; spaces are allowed' })
  @IsNhsNumber()
  nhsNumber!: string;

  @ApiProperty({ type: PersonNameDto })
  @NameField()
  name!: PersonNameDto;

  @ApiProperty({ example: '1970-01-31', format: 'date' })
  @BirthDateField()
  birthDate!: string;

  @ApiProperty({ enum: GENDERS })
  @GenderField()
  gender!: Gender;

  @ApiPropertyOptional({ type: AddressDto })
  @IsOptional()
  @AddressField()
  address?: AddressDto;

  @ApiPropertyOptional({ type: ContactDetailsDto })
  @IsOptional()
  @ContactField()
  contact?: ContactDetailsDto;

  @ApiProperty({ example: 'A81001', description: 'ODS code of the registered GP practice' })
  @IsOdsCode()
  registeredGpOdsCode!: string;

  @ApiPropertyOptional({ example: 'FA123', description: 'ODS code of the nominated pharmacy' })
  @IsOptional()
  @IsOdsCode()
  nominatedPharmacyOdsCode?: string;

  @ApiPropertyOptional({ default: false, description: 'Restricted record: address and contact details never leave the identity service' })
  @IsOptional()
  @IsBoolean()
  sensitive?: boolean;
}
