import { ApiProperty, ApiPropertyOptions } from '@nestjs/swagger';
import { IsArray } from 'class-validator';
import { IsNhsNumber } from '@care-events/service-kit';
import { CheckedAtField } from './opt-out-list-fields';

const CHECKED_AT: ApiPropertyOptions = {
  example: '2026-11-30T06:00:00Z',
  format: 'date-time',
  description: 'When the national service checked the list (ISO 8601); not in the future (a minute of clock skew is allowed)',
};

const NHS_NUMBERS: ApiPropertyOptions = {
  type: [String],
  example: ['9434765919'],
  description: 'NHS numbers: ten digits with a Modulus 11 check digit, spaces allowed; a 400 names the first invalid one by its index',
};

// On nhsNumbers, @IsArray() sits nearest the field: decorators apply from the bottom up, and a 400 for a missing
// list then reads "must be an array" before "must be a list of NHS numbers".

/** A whole list, small enough for one request (100 kB, about 7,000 numbers). */
export class LoadOptOutListDto {
  @ApiProperty(CHECKED_AT)
  @CheckedAtField()
  checkedAt!: string;

  @ApiProperty(NHS_NUMBERS)
  @IsNhsNumber({ each: true })
  @IsArray()
  nhsNumbers!: string[];
}

/** The start of a staged load: its parts follow. */
export class StageOptOutListDto {
  @ApiProperty(CHECKED_AT)
  @CheckedAtField()
  checkedAt!: string;
}

/** A part of a staged load (up to 100 kB a request). */
export class OptOutListPartDto {
  @ApiProperty(NHS_NUMBERS)
  @IsNhsNumber({ each: true })
  @IsArray()
  nhsNumbers!: string[];
}
