import { ArgumentMetadata, BadRequestException } from '@nestjs/common';
import { nhsNumbers } from '@care-events/local-platform';
import { FieldProblem, requestValidationPipe } from '@care-events/service-kit';
import { LoadOptOutListDto, OptOutListPartDto, StageOptOutListDto } from './opt-out-list-commands.dto';
import { OptOutListKindParams, StagedLoadParams } from './opt-out-list-params.dto';

type Answer = { taken: unknown } | { message: string[]; problems: FieldProblem[] };

async function validate(metatype: ArgumentMetadata['metatype'], value: unknown, type: ArgumentMetadata['type'] = 'body'): Promise<Answer> {
  try {
    return { taken: await requestValidationPipe().transform(value, { type, metatype }) };
  } catch (error) {
    return (error as BadRequestException).getResponse() as { message: string[]; problems: FieldProblem[] };
  }
}

const next = nhsNumbers();
const checkedAt = '2026-11-30T06:00:00Z';

describe('an opt-out list body', () => {
  it('takes a list, normalising spaced NHS numbers as every service does', async () => {
    const [a, b] = [next(), next()];
    const spaced = `${a.slice(0, 3)} ${a.slice(3, 6)} ${a.slice(6)}`;
    expect(await validate(LoadOptOutListDto, { checkedAt, nhsNumbers: [spaced, b] })).toEqual({ taken: expect.objectContaining({ checkedAt, nhsNumbers: [a, b] }) });
    expect(await validate(LoadOptOutListDto, { checkedAt, nhsNumbers: [] })).toEqual({ taken: expect.objectContaining({ nhsNumbers: [] }) });
  });

  it.each([
    ['an invalid NHS number, by its index', { checkedAt, nhsNumbers: ['9434765919', '9434765918'] }, [{ field: 'nhsNumbers', reason: 'element 1: check digit does not match' }]],
    ['how many are invalid, beyond the first', { checkedAt, nhsNumbers: ['9434765919', '12345', '9434765918'] }, [{ field: 'nhsNumbers', reason: 'element 1: must be 10 digits (2 elements are invalid)' }]],
    ['a number where a string belongs', { checkedAt, nhsNumbers: [9434765919] }, [{ field: 'nhsNumbers', reason: 'element 0: must be a string' }]],
    ['nhsNumbers not a list', { checkedAt, nhsNumbers: '9434765919' }, [{ field: 'nhsNumbers', reason: 'must be an array' }]],
    ['nhsNumbers missing', { checkedAt }, [{ field: 'nhsNumbers', reason: 'must be an array' }, { field: 'nhsNumbers', reason: 'must be a list of NHS numbers' }]],
    ['checkedAt missing', { nhsNumbers: [] }, [{ field: 'checkedAt', reason: 'must be when the national service checked the list (ISO 8601)' }]],
    ['checkedAt not a time', { checkedAt: 'yesterday', nhsNumbers: [] }, [{ field: 'checkedAt', reason: 'must be when the national service checked the list (ISO 8601)' }]],
    ['checkedAt a number', { checkedAt: 1_764_482_400_000, nhsNumbers: [] }, [{ field: 'checkedAt', reason: 'must be when the national service checked the list (ISO 8601)' }]],
    ['an unknown field', { checkedAt, nhsNumbers: [], kind: 'national' }, [{ field: 'kind', reason: 'is not a known field' }]],
  ])('refuses %s, naming the field', async (_, body, problems) => {
    expect(await validate(LoadOptOutListDto, body)).toEqual({ statusCode: 400, error: 'Bad Request', message: problems.map((p) => `${p.field}: ${p.reason}`), problems });
  });

  it('takes a staged load with checkedAt alone, and a part with nhsNumbers alone', async () => {
    expect(await validate(StageOptOutListDto, { checkedAt })).toEqual({ taken: expect.objectContaining({ checkedAt }) });
    expect(await validate(StageOptOutListDto, { checkedAt, nhsNumbers: [] })).toMatchObject({ message: ['nhsNumbers: is not a known field'] });
    expect(await validate(OptOutListPartDto, { nhsNumbers: ['9434765918'] })).toMatchObject({ message: ['nhsNumbers: element 0: check digit does not match'] });
    expect(await validate(OptOutListPartDto, { nhsNumbers: [], checkedAt })).toMatchObject({ message: ['checkedAt: is not a known field'] });
  });

  it('names an unknown list kind and a loadId that is no UUID', async () => {
    expect(await validate(OptOutListKindParams, { kind: 'type2' }, 'param')).toMatchObject({ message: ['kind: must be one of national, type1'] });
    expect(await validate(StagedLoadParams, { loadId: 'x' }, 'param')).toMatchObject({ message: ['loadId: must be a staged load id (UUID)'] });
  });

  // A request is at most 100 kB (about 7,700 numbers): 10,000 is more than one can carry. The bound is loose (a
  // shared CI machine) and is there to catch a check that grows faster than the list, not to benchmark it.
  it('checks 10,000 NHS numbers quickly', async () => {
    const numbers = Array.from({ length: 10_000 }, () => next());
    const started = performance.now();
    const answer = await validate(OptOutListPartDto, { nhsNumbers: numbers });
    const valid = performance.now() - started;
    const refusedAt = performance.now();
    await validate(OptOutListPartDto, { nhsNumbers: [...numbers.slice(1), '9434765918'] });
    const invalid = performance.now() - refusedAt;
    console.log(`10,000 NHS numbers: taken in ${valid.toFixed(1)} ms, refused (last one invalid) in ${invalid.toFixed(1)} ms`);
    expect(answer).toEqual({ taken: expect.objectContaining({ nhsNumbers: numbers }) });
    expect(valid).toBeLessThan(2_000);
  });
});
