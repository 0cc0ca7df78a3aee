import { ApiProperty } from '@nestjs/swagger';
import { IsNumber, IsPositive, IsString, Length } from 'class-validator';
import { IsDmdId, IsUcumUnit } from '@care-events/service-kit';

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
