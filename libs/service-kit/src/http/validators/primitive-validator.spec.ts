import { ArgumentMetadata, BadRequestException } from '@nestjs/common';
import { IsArray, IsOptional } from 'class-validator';
import { FieldProblem, requestValidationPipe } from '../request-validation.pipe';
import { IsInstant, IsNhsNumber } from './clinical-validators';

class PatientBody {
  @IsNhsNumber()
  nhsNumber!: string;
}

class PatientListBody {
  @IsNhsNumber({ each: true })
  @IsArray()
  nhsNumbers!: string[];

  @IsOptional()
  @IsInstant({ each: true })
  seenAt?: string[];
}

type Answer = { taken: unknown } | { message: string[]; problems: FieldProblem[] };

async function validate(metatype: ArgumentMetadata['metatype'], value: unknown): Promise<Answer> {
  try {
    return { taken: await requestValidationPipe().transform(value, { type: 'body', metatype }) };
  } catch (error) {
    return (error as BadRequestException).getResponse() as { message: string[]; problems: FieldProblem[] };
  }
}

const refusal = (...lines: string[]) => ({
  message: lines,
  problems: lines.map((line) => ({ field: line.slice(0, line.indexOf(': ')), reason: line.slice(line.indexOf(': ') + 2) })),
});

const VALID = '9434765919';
const BAD_CHECK_DIGIT = '9434765918';

describe('a primitive validator on a list (each)', () => {
  it('names the bad element by its index and says why, without echoing it', async () => {
    const answer = await validate(PatientListBody, { nhsNumbers: [VALID, VALID, VALID, BAD_CHECK_DIGIT] });
    expect(answer).toMatchObject(refusal('nhsNumbers: element 3: check digit does not match'));
    expect(JSON.stringify(answer)).not.toContain(BAD_CHECK_DIGIT);
  });

  it('names the first of several bad elements and how many are bad', async () => {
    const answer = await validate(PatientListBody, { nhsNumbers: [VALID, '12345', BAD_CHECK_DIGIT, VALID, '1111111111'] });
    expect(answer).toMatchObject(refusal('nhsNumbers: element 1: must be 10 digits (3 elements are invalid)'));
    expect(JSON.stringify(answer)).not.toMatch(/12345|9434765918|1111111111/);
  });

  it('names an element of the wrong type', async () => {
    expect(await validate(PatientListBody, { nhsNumbers: [VALID, 9434765919] })).toMatchObject(refusal('nhsNumbers: element 1: must be a string'));
    expect(await validate(PatientListBody, { nhsNumbers: [VALID], seenAt: ['2026-11-26T09:30:00Z', null] })).toMatchObject(refusal('seenAt: element 1: must be a string'));
  });

  it('gives the parser reason of any primitive, not only NHS numbers', async () => {
    expect(await validate(PatientListBody, { nhsNumbers: [VALID], seenAt: ['2026-11-26T09:30:00Z', '2026-11-26'] })).toMatchObject(
      refusal('seenAt: element 1: must be an ISO 8601 instant with a time zone, such as 2026-11-26T09:30:00Z'),
    );
  });

  it('takes a good list, each element normalised', async () => {
    expect(await validate(PatientListBody, { nhsNumbers: ['943 476 5919', VALID], seenAt: [' 2026-11-26T09:30:00Z '] })).toEqual({
      taken: Object.assign(new PatientListBody(), { nhsNumbers: [VALID, VALID], seenAt: ['2026-11-26T09:30:00Z'] }),
    });
    expect(await validate(PatientListBody, { nhsNumbers: [] })).toEqual({ taken: Object.assign(new PatientListBody(), { nhsNumbers: [] }) });
  });

  it('says what the elements must be when the value is no list', async () => {
    expect(await validate(PatientListBody, {})).toMatchObject(refusal('nhsNumbers: must be an array', 'nhsNumbers: must be a list of NHS numbers'));
    expect(await validate(PatientListBody, { nhsNumbers: BAD_CHECK_DIGIT })).toMatchObject(refusal('nhsNumbers: must be an array', 'nhsNumbers: must be a list of NHS numbers'));
  });
});

describe('a primitive validator on a single value', () => {
  it('gives the parser reason, as before', async () => {
    expect(await validate(PatientBody, { nhsNumber: BAD_CHECK_DIGIT })).toMatchObject(refusal('nhsNumber: check digit does not match'));
    expect(await validate(PatientBody, { nhsNumber: '12345' })).toMatchObject(refusal('nhsNumber: must be 10 digits'));
  });

  it('refuses a value of the wrong type, or none, as not a string', async () => {
    expect(await validate(PatientBody, { nhsNumber: 9434765919 })).toMatchObject(refusal('nhsNumber: must be a string'));
    expect(await validate(PatientBody, { nhsNumber: [VALID] })).toMatchObject(refusal('nhsNumber: must be a string'));
    expect(await validate(PatientBody, {})).toMatchObject(refusal('nhsNumber: must be a string'));
  });

  it('takes a good value, normalised', async () => {
    expect(await validate(PatientBody, { nhsNumber: '943 476 5919' })).toEqual({ taken: Object.assign(new PatientBody(), { nhsNumber: VALID }) });
  });
});
