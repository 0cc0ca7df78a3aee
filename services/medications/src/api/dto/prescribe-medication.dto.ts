import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import { IsPatientId, Nested, PractitionerDto } from '@care-events/service-kit';
import { COURSE_TYPES, CourseType, Route, ROUTES } from '../../domain/medication';
import { MedicineDto, QuantityDto } from './medication-values.dto';
import { TextField } from './text-field';

export class PrescribeMedicationDto {
  @ApiProperty({ format: 'uuid', description: 'The patient (identity patientId)' })
  @IsPatientId()
  patientId!: string;

  @ApiProperty({ type: MedicineDto })
  @Nested(() => MedicineDto)
  medicine!: MedicineDto;

  @ApiProperty({ example: 'One capsule three times a day' })
  @TextField(1000)
  dosageText!: string;

  @ApiProperty({ enum: ROUTES })
  @IsIn(ROUTES, { message: `must be one of ${ROUTES.join(', ')}` })
  route!: Route;

  @ApiProperty({ type: QuantityDto })
  @Nested(() => QuantityDto)
  quantity!: QuantityDto;

  @ApiProperty({ enum: COURSE_TYPES })
  @IsIn(COURSE_TYPES, { message: `must be one of ${COURSE_TYPES.join(', ')}` })
  courseType!: CourseType;

  @ApiProperty({ type: PractitionerDto })
  @Nested(() => PractitionerDto)
  prescriber!: PractitionerDto;

  @ApiPropertyOptional({ description: 'Why to prescribe despite a conflicting allergy; without it a conflict is refused with 409' })
  @IsOptional()
  @TextField(1000)
  allergyOverrideReason?: string;
}
