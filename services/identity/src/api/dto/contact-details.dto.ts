import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsEmail, IsOptional, Matches } from 'class-validator';

export class ContactDetailsDto {
  @ApiPropertyOptional({ example: '07700 900123' })
  @IsOptional()
  @Matches(/^\+?[\d ]{7,20}$/, { message: 'must be a telephone number of 7 to 20 digits' })
  phone?: string;

  @ApiPropertyOptional({ example: 'jane.smith@example.org' })
  @IsOptional()
  @IsEmail({}, { message: 'must be an email address' })
  email?: string;
}
