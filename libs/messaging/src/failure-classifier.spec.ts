import { isTransientFailure, transientReason } from './failure-classifier';
import { HandlerTimeoutError, InvalidEventError, TransientMessagingError } from './messaging-errors';

const withCode = (code: string, message = `failed with ${code}`) => Object.assign(new Error(message), { code });
// TypeORM's QueryFailedError keeps the driver's error in driverError.
const queryFailed = (driverError: Error) => Object.assign(new Error(driverError.message), { name: 'QueryFailedError', driverError });

describe('failure classifier', () => {
  const infrastructure: Array<[string, unknown]> = [
    ['pg connection lost, no code', new Error('Connection terminated unexpectedly')],
    ['pg-pool connect timeout', new Error('timeout exceeded when trying to connect')],
    ['TypeORM connection terminated', queryFailed(new Error('Connection terminated'))],
    ['pg client unusable after an error', new Error('Client has encountered a connection error and is not queryable')],
    ['ECONNRESET', withCode('ECONNRESET')],
    ['ETIMEDOUT', withCode('ETIMEDOUT')],
    ['ENOTFOUND', withCode('ENOTFOUND')],
    ['ECONNREFUSED', withCode('ECONNREFUSED')],
    ['ECONNREFUSED inside an AggregateError', new AggregateError([withCode('ECONNREFUSED')], 'connect failed')],
    ['53300 too many connections', queryFailed(withCode('53300'))],
    ['25006 read-only after failover', queryFailed(withCode('25006'))],
    ['57P01 admin shutdown', withCode('57P01')],
    ['57P03 cannot connect now', withCode('57P03')],
    ['08006 connection failure', withCode('08006')],
    ['08001 cannot establish', withCode('08001')],
    ['40001 serialization failure', queryFailed(withCode('40001'))],
    ['40P01 deadlock', queryFailed(withCode('40P01'))],
    ['57014 statement timeout', queryFailed(withCode('57014'))],
    ['55P03 lock timeout', queryFailed(withCode('55P03'))],
    ['registry 5xx / 429 / no answer', new TransientMessagingError('schema registry answered 503')],
    ['handler timeout', new HandlerTimeoutError(1_000)],
    ['network error as a cause', new Error('fetch failed', { cause: withCode('ECONNREFUSED') })],
    ['retriable kafkajs error', Object.assign(new Error('leader not available'), { name: 'KafkaJSProtocolError', retriable: true })],
  ];

  const deterministic: Array<[string, unknown]> = [
    ['undecodable bytes', new Error('not in the Confluent wire format (magic byte 110)')],
    ['schema says no', new InvalidEventError('care.events.X', ['name: required'])],
    ['a domain rule refuses', Object.assign(new Error('the patient is deceased'), { code: 'PATIENT_DECEASED' })],
    ['unique violation', queryFailed(withCode('23505'))],
    ['not-null violation', queryFailed(withCode('23502'))],
    ['a plain bug', new TypeError("Cannot read properties of undefined (reading 'id')")],
    ['registry says the schema does not exist (404)', new Error('schema registry GET /schemas/ids/9 answered 404')],
    ['non-retriable kafkajs error', Object.assign(new Error('invalid record'), { name: 'KafkaJSProtocolError', retriable: false })],
    ['not an error at all', 'boom'],
    ['nothing', undefined],
  ];

  it.each(infrastructure)('%s is infrastructure: retried without limit', (_, error) => {
    expect(isTransientFailure(error)).toBe(true);
    expect(transientReason(error)).toEqual(expect.any(String));
  });

  it.each(deterministic)('%s is deterministic: dead-lettered after bounded attempts', (_, error) => {
    expect(isTransientFailure(error)).toBe(false);
  });

  it('names the cause in its reason', () => {
    expect(transientReason(queryFailed(withCode('53300')))).toBe('database: too many connections (53300)');
    expect(transientReason(withCode('ECONNRESET'))).toBe('network: ECONNRESET');
  });
});
