import { DynamicModule, MiddlewareConsumer, Module, NestModule } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { TypeOrmModule } from '@nestjs/typeorm';
import { LoggerModule } from 'nestjs-pino';
import { Registry } from 'prom-client';
import { DataSource } from 'typeorm';
import { TokenVerifier } from '@care-events/auth';
import { OutboxWriter } from '@care-events/transactional-messaging';
import { BearerAuthGuard } from './auth/bearer-auth.guard';
import { Clock, SystemClock } from './clock';
import { loadServiceConfig, ServiceConfig } from './config/service-config';
import { databaseOptions } from './database/database-options';
import { HealthController } from './health/health.controller';
import { ReadinessReports } from './health/readiness-reports';
import { MessagingRuntime } from './messaging/messaging-runtime';
import { HttpMetrics } from './metrics/http-metrics';
import { MetricsController } from './metrics/metrics.controller';
import { createMetricsRegistry } from './metrics/metrics-registry';
import { patientDataRedaction } from './observability/log-redaction';
import { TraceContextMiddleware } from './observability/trace-context.middleware';
import { SERVICE_CONFIG, SERVICE_DEFINITION, ServiceDefinition } from './service-definition';

/**
 * Everything a service shares with the others: validated configuration, JSON logs without
 * patient data, its database with migrations, the outbox and relay, health endpoints, Prometheus
 * metrics (one registry the service's own metrics join), the clock, and the bearer token check in
 * front of every route.
 */
@Module({})
export class ServiceKitModule implements NestModule {
  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(TraceContextMiddleware).forRoutes('*');
  }

  static forService(definition: ServiceDefinition): DynamicModule {
    const configProvider = { provide: SERVICE_CONFIG, useFactory: () => loadServiceConfig(definition.name, definition.defaultPort) };
    return {
      module: ServiceKitModule,
      global: true,
      imports: [
        LoggerModule.forRootAsync({
          providers: [configProvider],
          inject: [SERVICE_CONFIG],
          useFactory: (config: ServiceConfig) => ({
            pinoHttp: {
              level: config.logLevel,
              base: { service: definition.name },
              // Probes and scrapes come every few seconds and say nothing of the API's use.
              autoLogging: { ignore: (req) => ['/health', '/metrics'].some((path) => req.url?.startsWith(path)) },
              ...patientDataRedaction(),
            },
          }),
        }),
        TypeOrmModule.forRootAsync({
          extraProviders: [configProvider],
          inject: [SERVICE_CONFIG],
          useFactory: (config: ServiceConfig) => databaseOptions(config.databaseUrl, definition.entities, definition.migrations, config.databasePoolSize),
        }),
      ],
      controllers: [HealthController, MetricsController],
      providers: [
        configProvider,
        { provide: SERVICE_DEFINITION, useValue: definition },
        { provide: Registry, useFactory: createMetricsRegistry },
        { provide: HttpMetrics, useFactory: (registry: Registry) => new HttpMetrics(registry), inject: [Registry] },
        {
          provide: MessagingRuntime,
          useFactory: (config: ServiceConfig, ds: DataSource, registry: Registry) => new MessagingRuntime(config, ds, registry),
          inject: [SERVICE_CONFIG, DataSource, Registry],
        },
        // The runtime builds the one writer with what it needs; commands and lifecycle hooks inject only the writer.
        { provide: OutboxWriter, useFactory: (messaging: MessagingRuntime) => messaging.outbox, inject: [MessagingRuntime] },
        { provide: Clock, useClass: SystemClock },
        ReadinessReports,
        { provide: TokenVerifier, useFactory: (config: ServiceConfig) => TokenVerifier.fromSettings(config.auth), inject: [SERVICE_CONFIG] },
        { provide: APP_GUARD, useClass: BearerAuthGuard },
      ],
      exports: [SERVICE_CONFIG, SERVICE_DEFINITION, MessagingRuntime, OutboxWriter, Clock, Registry, ReadinessReports],
    };
  }
}
