import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsNumber, IsOptional, IsPositive, IsString, Length } from 'class-validator';
import { IsDmdId, IsOdsCode, IsUcumUnit } from '@care-events/service-kit';

export class MedicineDto {
  @ApiProperty({ example: '323509004', description: 'dm+d VMP or AMP id' })
  @IsDmdId()
  dmdId!: string;

  @ApiProperty({ example: 'Amoxicillin 250mg capsules' })
  @IsString()
  @Length(1, 255)
  term!: string;
}

export class QuantityDto {
  @ApiProperty({ example: 21 })
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @IsPositive()
  value!: number;

  @ApiProperty({ example: '1', description: 'UCUM unit; 1 counts tablets or capsules' })
  @IsUcumUnit()
  unit!: string;
}

export class PrescriberDto {
  @ApiProperty({ example: 'G8123456', description: 'GMC, NMC or GPhC number, or the local user id' })
  @IsString()
  @Length(1, 50)
  practitionerId!: string;

  @ApiPropertyOptional({ example: 'Dr A Patel' })
  @IsOptional()
  @IsString()
  @Length(1, 200)
  name?: string;

  @ApiProperty({ example: 'A81001' })
  @IsOdsCode()
  odsCode!: string;
}
