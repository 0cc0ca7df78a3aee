import { ApiProperty } from '@nestjs/swagger';
import { IsOdsCode, Nested } from '@care-events/service-kit';
import { QuantityDto } from './medication-values.dto';
import { TextField } from './text-field';

export class ChangeDoseDto {
  @ApiProperty({ example: 'One capsule twice a day' })
  @TextField(1000)
  dosageText!: string;
}

export class StopMedicationDto {
  @ApiProperty({ example: 'Course completed' })
  @TextField(1000)
  reason!: string;
}

export class DispenseMedicationDto {
  @ApiProperty({ example: 'FA123' })
  @IsOdsCode()
  pharmacyOdsCode!: string;

  @ApiProperty({ type: QuantityDto })
  @Nested(() => QuantityDto)
  quantity!: QuantityDto;
}

