import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { isISO8601, IsObject, IsUUID, ValidateBy, ValidateNested } from 'class-validator';

// An instant needs its offset: a local time without one would be read in the server's zone.
const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;

export const IsInstant = () =>
  ValidateBy({
    name: 'isInstant',
    validator: {
      validate: (value: unknown) => typeof value === 'string' && INSTANT.test(value) && isISO8601(value, { strict: true }),
      defaultMessage: () => 'must be an ISO 8601 instant with a time zone, such as 2026-11-26T09:30:00Z',
    },
  });

/** A nested object validated against its own DTO; required unless preceded by @IsOptional(). */
export const Nested = (dto: () => new () => object): PropertyDecorator => (target, key) => {
  IsObject({ message: 'must be an object' })(target, key);
  ValidateNested()(target, key);
  Type(dto)(target, key);
};

export const IsPatientId = () => IsUUID('all', { message: 'must be a patient id (UUID)' });

export class PatientQuery {
  @ApiProperty()
  @IsPatientId()
  patientId!: string;
}
