import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsInt, IsOptional, IsString, Length, Matches, Max, Min } from 'class-validator';
import { IsInstant, IsOdsCode } from '@care-events/service-kit';

export class CreateSlotDto {
  @ApiProperty({ example: 'A81001', description: 'ODS code of the care setting offering the slot' })
  @IsOdsCode()
  odsCode!: string;

  @ApiProperty({ example: 'Phlebotomy' })
  @IsString()
  @Length(1, 100)
  @Matches(/\S/, { message: 'must not be blank' })
  service!: string;

  @ApiProperty({ example: '2026-12-01T09:00:00Z', format: 'date-time' })
  @IsInstant()
  start!: string;

  @ApiProperty({ example: '2026-12-01T09:10:00Z', format: 'date-time', description: 'After start' })
  @IsInstant()
  end!: string;

  @ApiProperty({ example: 1, minimum: 1, description: 'How many patients the slot takes' })
  @IsInt()
  @Min(1)
  @Max(1000)
  capacity!: number;
}

export class SlotSearchQuery {
  @ApiProperty({ example: 'A81001' })
  @IsOdsCode()
  odsCode!: string;

  @ApiPropertyOptional({ format: 'date-time', description: 'Slots starting at or after this instant' })
  @IsOptional()
  @IsInstant()
  from?: string;

  @ApiPropertyOptional({ format: 'date-time', description: 'Slots starting before this instant' })
  @IsOptional()
  @IsInstant()
  to?: string;
}
