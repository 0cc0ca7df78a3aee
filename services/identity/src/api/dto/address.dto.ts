import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayMinSize, IsOptional, IsString, Length, Matches } from 'class-validator';

// The UK postcode shape (outward code, space optional, inward code); BFPO and overseas are out of scope.
const UK_POSTCODE = /^[A-Z]{1,2}\d[A-Z\d]? ?\d[A-Z]{2}$/i;

export class AddressDto {
  @ApiProperty({ example: ['1 Chapel Street'] })
  @IsString({ each: true })
  @Length(1, 100, { each: true })
  @ArrayMinSize(1)
  @ArrayMaxSize(5)
  lines!: string[];

  @ApiPropertyOptional({ example: 'Leeds' })
  @IsOptional()
  @IsString()
  @Length(1, 100)
  city?: string;

  @ApiPropertyOptional({ example: 'West Yorkshire' })
  @IsOptional()
  @IsString()
  @Length(1, 100)
  district?: string;

  @ApiProperty({ example: 'LS1 4AP' })
  @IsString()
  @Matches(UK_POSTCODE, { message: 'must be a UK postcode such as LS1 4AP' })
  postcode!: string;
}
