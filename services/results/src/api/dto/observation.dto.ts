import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsNumber, IsOptional, registerDecorator, ValidationArguments } from 'class-validator';
import { IsUcumUnit, Nested, SnomedConceptDto } from '@care-events/service-kit';
import { Interpretation } from '../../domain/report';

export const INTERPRETATIONS: Interpretation[] = ['N', 'L', 'H', 'LL', 'HH', 'A'];

const FINITE = { allowNaN: false, allowInfinity: false };

/** A bound that must not exceed another property of the same object, when both are given. */
function NotAbove(other: string): PropertyDecorator {
  return (target, propertyName) =>
    registerDecorator({
      name: 'notAbove',
      target: target.constructor,
      propertyName: propertyName as string,
      validator: {
        validate: (value: unknown, { object }: ValidationArguments) => {
          const limit = (object as Record<string, unknown>)[other];
          return typeof value !== 'number' || typeof limit !== 'number' || value <= limit;
        },
        defaultMessage: () => `must not be greater than ${other}`,
      },
    });
}

export class ReferenceRangeDto {
  @ApiPropertyOptional({ example: 3.5 })
  @IsOptional()
  @IsNumber(FINITE)
  @NotAbove('high')
  low?: number;

  @ApiPropertyOptional({ example: 5.3 })
  @IsOptional()
  @IsNumber(FINITE)
  high?: number;
}

export class ObservationDto {
  @ApiProperty({ type: SnomedConceptDto, description: 'What was measured' })
  @Nested(() => SnomedConceptDto)
  code!: SnomedConceptDto;

  @ApiProperty({ example: 4.2 })
  @IsNumber(FINITE)
  value!: number;

  @ApiProperty({ example: 'mmol/L', description: 'UCUM unit code from the supported list' })
  @IsUcumUnit()
  unit!: string;

  @ApiPropertyOptional({ type: ReferenceRangeDto })
  @IsOptional()
  @Nested(() => ReferenceRangeDto)
  referenceRange?: ReferenceRangeDto;

  @ApiProperty({ enum: INTERPRETATIONS, description: 'N normal, L low, H high, LL critically low, HH critically high, A abnormal' })
  @IsIn(INTERPRETATIONS, { message: `must be one of ${INTERPRETATIONS.join(', ')}` })
  interpretation!: Interpretation;
}
