import { Logger } from '@nestjs/common';
import { Writable } from 'node:stream';
import pino from 'pino';
import { Logger as PinoNestLogger, PinoLogger } from 'nestjs-pino';
import { structuredLog } from './structured-log';

describe('structuredLog', () => {
  afterAll(() => Logger.overrideLogger(['log', 'warn', 'error']));

  it('writes the details as fields of the JSON line, beside the message and the context', () => {
    const lines: string[] = [];
    const sink = new Writable({ write: (chunk, _encoding, done) => (lines.push(chunk.toString()), done()) });
    // As in a service: a Nest Logger with a context, answered by nestjs-pino.
    Logger.overrideLogger(new PinoNestLogger(new PinoLogger({ pinoHttp: { logger: pino(sink) } }), {}));
    const log = structuredLog(new Logger('Messaging'));

    log('error', 'outbox row cannot be published', { eventId: 'e-1', error: 'does not match its schema' });

    expect(JSON.parse(lines[0])).toMatchObject({
      level: 50, context: 'Messaging', msg: 'outbox row cannot be published', eventId: 'e-1', error: 'does not match its schema',
    });
  });
});
