import { INestApplication, Logger as NestLogger, Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { NestMicroservice } from '@nestjs/microservices';
import { NestExpressApplication } from '@nestjs/platform-express';
import { Logger } from 'nestjs-pino';
import { Server } from 'node:http';
import { DataSource } from 'typeorm';
import { RethrowHandlerErrors } from '@care-events/transactional-messaging';
import { ServiceConfig } from './config/service-config';
import { readJsonBodies } from './http/request-body';
import { countHttpRequests } from './metrics/http-metrics.middleware';
import { requestValidationPipe } from './http/request-validation.pipe';
import { BEARER_SCHEME } from './auth/api-docs.decorator';
import { MessagingRuntime } from './messaging/messaging-runtime';
import { BackgroundRetry, retryInBackground } from './messaging/retry-in-background';
import { SERVICE_CONFIG, SERVICE_DEFINITION, ServiceDefinition } from './service-definition';

export interface ServiceApp {
  app: INestApplication;
  config: ServiceConfig;
  messaging: MessagingRuntime;
  /** Base URL the HTTP API listens on. */
  url: string;
  /** Stop taking requests, leave the consumer group, drain the relay, close the database. */
  shutdown(): Promise<void>;
}

/** Creates, wires and starts a service: HTTP API with its OpenAPI document, consumer, outbox relay. */
export async function startServiceApp(module: Type<unknown>, options: { port?: number } = {}): Promise<ServiceApp> {
  // abortOnError false: a module that fails to build (bad configuration) rejects here, so the
  // caller reports it, instead of Nest exiting the process with a stack trace.
  // bodyParser false: readJsonBodies reads bodies instead, so that a bad one is a 4xx naming it.
  const app = await NestFactory.create<NestExpressApplication>(module, { bufferLogs: true, abortOnError: false, bodyParser: false });
  app.useLogger(app.get(Logger));
  countHttpRequests(app);
  readJsonBodies(app);
  app.useGlobalPipes(requestValidationPipe());
  const definition = app.get<ServiceDefinition>(SERVICE_DEFINITION);
  const config = app.get<ServiceConfig>(SERVICE_CONFIG);
  const messaging = app.get(MessagingRuntime);
  serveOpenApi(app, definition);
  let joining: BackgroundRetry | undefined;
  if (definition.consumes?.length) {
    // Its own configuration (the HTTP pipes and filters do not apply to events), set up before its
    // handlers are registered, so the consumer sees each handler's real error.
    const consumer = app.connectMicroservice({ strategy: messaging.consumerServer(app.get(DataSource), definition.consumes) }, { deferInitialization: true }) as NestMicroservice;
    consumer.useGlobalFilters(new RethrowHandlerErrors());
    // The application runs the modules' init hooks; the consumer must not run them a second time.
    consumer.setIsInitHookCalled(true);
    joining = await joinConsumerGroup(consumer);
  }
  messaging.startPublishing();
  await app.listen(options.port ?? config.port, '0.0.0.0');
  const address = (app.getHttpServer() as Server).address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  return { app, config, messaging, url: `http://127.0.0.1:${port}`, shutdown: () => shutdown(app, messaging, joining) };
}

/**
 * Joins the consumer group before the service takes requests. A broker that cannot be reached at
 * start-up does not keep the service down (it takes writes; the outbox holds their events): it
 * joins in the background once the broker is back.
 */
async function joinConsumerGroup(consumer: NestMicroservice): Promise<BackgroundRetry | undefined> {
  try {
    await consumer.listen();
    return undefined;
  } catch (error) {
    const logger = new NestLogger('Messaging');
    logger.warn(`the consumer could not join its group (${(error as Error).message}); trying again in the background`);
    return retryInBackground(
      () => consumer.listen(),
      (failure, retryInMs) => logger.warn(`the consumer could not join its group (${failure.message}); trying again in ${retryInMs} ms`),
    );
  }
}

function serveOpenApi(app: INestApplication, definition: ServiceDefinition) {
  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle(definition.title)
      .setDescription(definition.description)
      .setVersion('1')
      .addBearerAuth({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT', description: 'An access token from the configured issuer (AUTH_ISSUER); locally: npm run token' }, BEARER_SCHEME)
      .build(),
  );
  SwaggerModule.setup('docs', app, document, { jsonDocumentUrl: 'openapi.json' });
}

async function shutdown(app: INestApplication, messaging: MessagingRuntime, joining: BackgroundRetry | undefined) {
  const server = app.getHttpServer() as Server;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  joining?.stop();
  await messaging.stopConsumer();
  await messaging.stopRelay();
  await app.close();
}
