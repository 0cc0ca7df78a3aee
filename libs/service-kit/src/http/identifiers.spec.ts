import { ArgumentMetadata, BadRequestException } from '@nestjs/common';
import { IsRecordId, idParam, PatientQuery } from './identifiers';
import { requestValidationPipe } from './request-validation.pipe';

const PATIENT = '3f2b1c9e-8d7a-4e6f-9a0b-1c2d3e4f5a6b';

class BookingBody {
  @IsRecordId('a slot')
  slotId!: string;
}

const validate = (metatype: ArgumentMetadata['metatype'], value: unknown) => requestValidationPipe().transform(value, { type: 'body', metatype });

describe('ids at the edge', () => {
  it('lower-cases a patientId in a query or body, so upper case names the same patient', async () => {
    expect(await validate(PatientQuery, { patientId: PATIENT.toUpperCase() })).toEqual(Object.assign(new PatientQuery(), { patientId: PATIENT }));
    expect((await validate(BookingBody, { slotId: PATIENT.toUpperCase() })).slotId).toBe(PATIENT);
  });

  it('refuses what is not a UUID, naming the field', async () => {
    const refused = await validate(BookingBody, { slotId: 'SLOT-1' }).catch((error: BadRequestException) => error.getResponse());
    expect(refused).toMatchObject({ statusCode: 400, message: ['slotId: must be a slot id (UUID)'] });
  });

  it('lower-cases a path id, and refuses a malformed one naming the parameter', () => {
    const pipe = idParam('a report id (UUID)');
    expect(pipe.transform(PATIENT.toUpperCase(), { type: 'param', data: 'id' })).toBe(PATIENT);
    expect(() => pipe.transform('nope', { type: 'param', data: 'id' })).toThrow(BadRequestException);
  });
});
