import { BadRequestException, ParseUUIDPipe } from '@nestjs/common';
import { ApiProperty } from '@nestjs/swagger';
import { IsUUID } from 'class-validator';

/** A body or query field holding a patientId issued by identity. */
export const IsPatientId = () => IsUUID('all', { message: 'must be a patient id (UUID)' });

/** `?patientId=`: the patient whose records a list answers with. */
export class PatientQuery {
  @ApiProperty({ format: 'uuid' })
  @IsPatientId()
  patientId!: string;
}

/** The pipe for a path `:id`: anything but a UUID is a 400 naming the parameter, like any other bad field. */
export function idParam(what = 'a UUID'): ParseUUIDPipe {
  return new ParseUUIDPipe({
    exceptionFactory: () => new BadRequestException({ statusCode: 400, error: 'Bad Request', message: [`id: must be ${what}`] }),
  });
}
