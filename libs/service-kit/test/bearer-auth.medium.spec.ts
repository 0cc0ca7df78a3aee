import { Controller, Get, INestApplication, Module, Post } from '@nestjs/common';
import { APP_GUARD, NestFactory } from '@nestjs/core';
import { Server } from 'node:http';
import { DEFAULT_AUDIENCE, devTokens, TokenVerifier } from '@care-events/auth';
import { CommandContext } from '@care-events/transactional-messaging';
import { BearerAuthGuard, Command, PatientMayCall, PublicRoute, Reader } from '../src';

@Controller('things')
class ThingsController {
  @Get()
  read(@Reader() reader: Reader) {
    return reader;
  }

  @Post()
  write(@Command() command: CommandContext) {
    return command;
  }

  @Post('bookings')
  @PatientMayCall()
  book(@Command() command: CommandContext) {
    return command;
  }
}

@PublicRoute()
@Controller('open')
class OpenController {
  @Get()
  open() {
    return { status: 'ok' };
  }
}

@Module({
  controllers: [ThingsController, OpenController],
  providers: [
    { provide: TokenVerifier, useFactory: () => TokenVerifier.fromSettings({ issuer: process.env.AUTH_ISSUER ?? '', audience: DEFAULT_AUDIENCE, clockToleranceSeconds: 30 }) },
    { provide: APP_GUARD, useClass: BearerAuthGuard },
  ],
})
class ThingsModule {}

// The development issuer the Jest global setup started (service-kit's tests cannot use local-platform, which uses service-kit).
const tokens = () => devTokens(process.env.AUTH_ISSUER ?? '');
const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
const asStaff = async (staff: { userId?: string; odsCode?: string; role?: 'clinician' | 'paramedic' } = {}) =>
  bearer(await tokens().staff({ userId: 'G8123456', odsCode: 'A81001', role: 'clinician', ...staff }));
const asPatient = async (nhsNumber: string) => bearer(await tokens().patient({ nhsNumber }));
const asSystem = async (clientId: string, scopes: string[]) => bearer(await tokens().system({ clientId, scopes }));

describe('the bearer token guard of every route', () => {
  let app: INestApplication;
  let url: string;

  beforeAll(async () => {
    app = await NestFactory.create(ThingsModule, { logger: false });
    await app.listen(0, '127.0.0.1');
    const address = (app.getHttpServer() as Server).address();
    url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  });

  afterAll(() => app?.close());

  const call = async (method: string, path: string, headers: Record<string, string> = {}) => {
    const response = await fetch(`${url}${path}`, { method, headers });
    return { status: response.status, challenge: response.headers.get('www-authenticate'), body: (await response.json()) as Record<string, unknown> };
  };

  it('lets a route marked public answer without a token', async () => {
    expect(await call('GET', '/open')).toMatchObject({ status: 200, body: { status: 'ok' } });
  });

  it('answers a request without a token 401 with a challenge that names no error, and says what is missing', async () => {
    expect(await call('GET', '/things')).toEqual({
      status: 401,
      challenge: 'Bearer realm="care-events"',
      body: { statusCode: 401, error: 'Unauthorized', message: 'Authorization: missing; this API needs a bearer token ("Bearer <token>")' },
    });
  });

  it('refuses a token it cannot trust with invalid_token and the reason, in the challenge and the body', async () => {
    const expired = await tokens().mint({ kind: 'system', clientId: 'care-events-tests', scopes: ['patient-data:read'], expiresInSeconds: -300 });
    const answer = await call('GET', '/things', { authorization: `Bearer ${expired}` });
    expect(answer).toEqual({
      status: 401,
      challenge: 'Bearer realm="care-events", error="invalid_token", error_description="the token has expired"',
      body: { statusCode: 401, error: 'Unauthorized', message: 'the token has expired' },
    });
    expect(await call('GET', '/things', { authorization: 'Basic dXNlcjpwYXNz' })).toMatchObject({
      status: 401, body: { message: 'Authorization: must be "Bearer <token>"' },
    });
  });

  it('hands the route the caller the token names, with their break-glass reason and correlation id', async () => {
    const staff = await asStaff({ userId: 'P445566', odsCode: 'AMB01', role: 'paramedic' });
    const answer = await call('GET', '/things', { ...staff, 'x-break-glass-reason': ' unresponsive at scene ', 'x-correlation-id': 'corr-1' });
    expect(answer).toMatchObject({
      status: 200,
      body: { caller: { kind: 'staff', userId: 'P445566', odsCode: 'AMB01', role: 'paramedic' }, breakGlassReason: 'unresponsive at scene', correlationId: 'corr-1' },
    });
  });

  it('refuses a break-glass reason from anyone but staff, or a blank one, with a 400 naming the header', async () => {
    const patient = await asPatient('9990000018');
    expect(await call('GET', '/things', { ...patient, 'x-break-glass-reason': 'curious' })).toMatchObject({
      status: 400, body: { message: ['X-Break-Glass-Reason: only a member of staff can break glass'] },
    });
    expect(await call('GET', '/things', { ...(await asStaff()), 'x-break-glass-reason': ' ' })).toMatchObject({
      status: 400, body: { message: ['X-Break-Glass-Reason: must state a reason'] },
    });
  });

  it('takes the actor of a write from the token, whatever X-Actor headers say', async () => {
    const answer = await call('POST', '/things', { ...(await asStaff()), 'x-actor-type': 'SYSTEM', 'x-actor-id': 'forged' });
    expect(answer).toMatchObject({ status: 201, body: { actor: { type: 'PRACTITIONER', id: 'G8123456', odsCode: 'A81001' }, causationId: null } });
    expect(answer.body.correlationId).toEqual(expect.any(String));
  });

  it('lets a system write only with patient-data:write, and a patient only where the route allows it', async () => {
    const reader = await asSystem('reporting', ['patient-data:read']);
    expect(await call('POST', '/things', reader)).toMatchObject({ status: 403, body: { message: 'the client reporting has no patient-data:write scope' } });
    expect(await call('GET', '/things', reader)).toMatchObject({ status: 200 });
    const patient = await asPatient('9990000018');
    expect(await call('POST', '/things', patient)).toMatchObject({ status: 403, body: { message: 'a patient may not make this change; it is made by staff or a system' } });
    expect(await call('POST', '/things/bookings', patient)).toMatchObject({ status: 201, body: { actor: { type: 'PATIENT', odsCode: null } } });
  });
});
