import { BadRequestException, PipeTransform } from '@nestjs/common';
import { ApiProperty } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { isUUID, IsUUID } from 'class-validator';
import { compose } from './nested';

/**
 * Ids are UUIDs, compared as text in every table and topic: each one is lower-cased here, at the
 * edge, so an id written in upper case names the same record everywhere.
 */
export const normalisedId = (value: unknown): unknown => (typeof value === 'string' ? value.toLowerCase() : value);

/** A body or query field holding the id of a record, e.g. a slot: a UUID, lower-cased. */
export const IsRecordId = (what: string): PropertyDecorator =>
  compose(Transform(({ value }) => normalisedId(value), { toClassOnly: true }), IsUUID('all', { message: `must be ${what} id (UUID)` }));

/** A body or query field holding a patientId issued by identity. */
export const IsPatientId = (): PropertyDecorator => IsRecordId('a patient');

/** `?patientId=`: the patient whose records a list answers with. */
export class PatientQuery {
  @ApiProperty({ format: 'uuid' })
  @IsPatientId()
  patientId!: string;
}

/** The pipe for a path `:id`: anything but a UUID is a 400 naming the parameter; a UUID comes out lower-cased. */
export function idParam(what = 'a UUID'): PipeTransform<string, string> {
  return {
    transform: (value: string) => {
      if (!isUUID(value, 'all')) throw new BadRequestException({ statusCode: 400, error: 'Bad Request', message: [`id: must be ${what}`] });
      return value.toLowerCase();
    },
  };
}
