import { BadRequestException } from '@nestjs/common';
import { requestValidationPipe } from '@care-events/service-kit';
import { clientCertificate, ClientCertificate } from '../../../test/client-certificate';
import { RegisterEndpointDto } from './register-endpoint.dto';

const SUBSCRIPTION = '3f2b1c9e-8d7a-4e6f-9a0b-1c2d3e4f5a6b';
const valid = { subscriptionId: SUBSCRIPTION, format: 'fhir-backport', url: 'https://ehr.example.nhs.uk/care-events' };

/** The 400's lines ("field: reason"), or [] when the body is taken. */
async function problems(body: Record<string, unknown>): Promise<string[]> {
  try {
    await requestValidationPipe().transform(body, { type: 'body', metatype: RegisterEndpointDto });
    return [];
  } catch (error) {
    return ((error as BadRequestException).getResponse() as { message: string[] }).message;
  }
}

let mine: ClientCertificate;
let other: ClientCertificate;

beforeAll(() => {
  mine = clientCertificate('mine');
  other = clientCertificate('other');
});

describe('registering an endpoint: the body', () => {
  it('takes a minimal body, and every optional setting at its bounds', async () => {
    expect(await problems(valid)).toEqual([]);
    expect(await problems({
      ...valid, content: 'full-resource', heartbeatPeriodSeconds: 0, timeoutSeconds: 60, maxEventsPerNotification: 100, rateLimitPerSecond: 1, startAfterNumber: 0,
      headers: { authorization: 'Bearer key', 'x-api-key': 'k', 'x-1': '', 'x-2': 'a b', 'x-3': '~' }, clientTls: { ...mine, caPem: other.certificatePem },
    })).toEqual([]);
    expect(await problems({ ...valid, format: 'standard-webhooks', heartbeatPeriodSeconds: 86_400, url: 'http://127.0.0.1:8080/hook' })).toEqual([]);
  });

  it.each([
    ['a relative url', { url: '/hook' }, 'url: must be an absolute https URL'],
    ['an ftp url', { url: 'ftp://ehr.example.nhs.uk/hook' }, 'url: must be an https URL'],
    ['credentials in the url', { url: 'https://user:pw@ehr.example.nhs.uk/hook' }, 'url: must not carry a user name or password (use headers or clientTls)'],
    ['a fragment', { url: 'https://ehr.example.nhs.uk/hook#x' }, 'url: must not have a fragment'],
    ['a url padded with spaces', { url: ' https://ehr.example.nhs.uk/hook' }, 'url: must not start or end with spaces'],
    ['content for Standard Webhooks', { format: 'standard-webhooks', content: 'id-only' }, 'content: applies to fhir-backport endpoints only'],
    ['batches for Standard Webhooks', { format: 'standard-webhooks', maxEventsPerNotification: 2 }, 'maxEventsPerNotification: applies to fhir-backport endpoints only'],
    ['a heartbeat of 5 s', { heartbeatPeriodSeconds: 5 }, 'heartbeatPeriodSeconds: must be 0 (no heartbeats) or a whole number of seconds from 10 to 86400'],
    ['a timeout of 61 s', { timeoutSeconds: 61 }, 'timeoutSeconds: must be at most 60'],
    ['a negative start', { startAfterNumber: -1 }, 'startAfterNumber: must be at least 0'],
    ['six extra headers', { headers: { a: '1', b: '2', c: '3', d: '4', e: '5', f: '6' } }, 'headers: must hold at most 5 headers'],
    ['a webhook- header', { headers: { 'Webhook-Signature': 'v1,forged' } }, 'headers: "Webhook-Signature" is set by the service and cannot be given'],
    ['a host header', { headers: { host: 'elsewhere' } }, 'headers: "host" is set by the service and cannot be given'],
    ['a header name with a space', { headers: { 'x api': '1' } }, 'headers: "x api" is not a header name (letters, digits and !#$%&\'*+-.^_`|~, at most 64)'],
    ['a header twice in other case', { headers: { 'X-Key': '1', 'x-key': '2' } }, 'headers: "x-key" is given twice'],
    ['a header value with a line break', { headers: { 'x-key': 'a\r\nx-injected: 1' } }, 'headers: the value of "x-key" must be printable ASCII of at most 1024 characters'],
    ['a header value that is a number', { headers: { 'x-key': 1 } }, 'headers: the value of "x-key" must be printable ASCII of at most 1024 characters'],
    ['headers as a list', { headers: [['x-key', '1']] }, 'headers: must be an object of header names and values'],
  ])('refuses %s, naming the field', async (_, change, problem) => {
    expect(await problems({ ...valid, ...change })).toEqual([problem]);
  });

  it('refuses a client certificate that is not one, a key that is not one, and a key of another certificate', async () => {
    expect(await problems({ ...valid, clientTls: { certificatePem: 'text', privateKeyPem: mine.privateKeyPem } })).toEqual([
      'clientTls.certificatePem: must be a PEM certificate (-----BEGIN CERTIFICATE-----)',
    ]);
    expect(await problems({ ...valid, clientTls: { certificatePem: mine.certificatePem, privateKeyPem: 'text' } })).toEqual([
      'clientTls.privateKeyPem: must be an unencrypted PEM private key',
    ]);
    expect(await problems({ ...valid, clientTls: { certificatePem: mine.certificatePem, privateKeyPem: other.privateKeyPem } })).toEqual([
      'clientTls.privateKeyPem: is not the key of certificatePem',
    ]);
    const broken = mine.certificatePem.replace(/\n[A-Za-z0-9+/]{10}/, '\nAAAAAAAAAA');
    expect(await problems({ ...valid, clientTls: { ...mine, caPem: broken } })).toEqual(['clientTls.caPem: must be a PEM certificate that can be read']);
  });
});
