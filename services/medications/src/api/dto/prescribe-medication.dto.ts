import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsOptional, ValidateNested } from 'class-validator';
import { IsPatientId, PractitionerDto } from '@care-events/service-kit';
import { COURSE_TYPES, CourseType, Route, ROUTES } from '../../domain/medication';
import { MedicineDto, QuantityDto } from './medication-values.dto';
import { TextField } from './text-field';

export class PrescribeMedicationDto {
  @ApiProperty({ description: 'The patient (identity patientId)' })
  @IsPatientId()
  patientId!: string;

  @ApiProperty({ type: MedicineDto })
  @ValidateNested()
  @Type(() => MedicineDto)
  medicine!: MedicineDto;

  @ApiProperty({ example: 'One capsule three times a day' })
  @TextField(1000)
  dosageText!: string;

  @ApiProperty({ enum: ROUTES })
  @IsIn(ROUTES, { message: `must be one of ${ROUTES.join(', ')}` })
  route!: Route;

  @ApiProperty({ type: QuantityDto })
  @ValidateNested()
  @Type(() => QuantityDto)
  quantity!: QuantityDto;

  @ApiProperty({ enum: COURSE_TYPES })
  @IsIn(COURSE_TYPES, { message: `must be one of ${COURSE_TYPES.join(', ')}` })
  courseType!: CourseType;

  @ApiProperty({ type: PractitionerDto })
  @ValidateNested()
  @Type(() => PractitionerDto)
  prescriber!: PractitionerDto;

  @ApiPropertyOptional({ description: 'Why to prescribe despite a conflicting allergy; without it a conflict is refused with 409' })
  @IsOptional()
  @TextField(1000)
  allergyOverrideReason?: string;
}
