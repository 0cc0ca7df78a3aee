import { declaredDevIssuerPort, declaredServices } from '@care-events/local-platform';

/** Where the journey finds the services, the broker, the schema registry and the token issuer. */
export interface PlatformEndpoints {
  identity: string;
  records: string;
  medications: string;
  appointments: string;
  results: string;
  careRouter: string;
  careRecord: string;
  brokers: string[];
  registryUrl: string;
  /** The development issuer that mints each actor's token. */
  issuer: string;
  /** care-record's consumer group: how far it has read tells when the care record holds a change. */
  careRecordGroup: string;
}

export type ServiceName = Exclude<keyof PlatformEndpoints, 'brokers' | 'registryUrl' | 'issuer' | 'careRecordGroup'>;

const SERVICE_NAMES: Record<ServiceName, string> = {
  identity: 'identity', records: 'records', medications: 'medications', appointments: 'appointments', results: 'results',
  careRouter: 'care-router', careRecord: 'care-record',
};

/**
 * What `npm start` runs (deploy/services.json's ports, the broker, registry and token issuer on
 * their fixed ports), unless the environment says otherwise: KAFKA_BROKERS, SCHEMA_REGISTRY_URL,
 * AUTH_ISSUER, CARE_RECORD_CONSUMER_GROUP and IDENTITY_URL, RECORDS_URL, MEDICATIONS_URL,
 * APPOINTMENTS_URL, RESULTS_URL, CARE_ROUTER_URL, CARE_RECORD_URL.
 */
export function endpointsFromEnvironment(env: NodeJS.ProcessEnv = process.env): PlatformEndpoints {
  const urls = Object.fromEntries(Object.values(SERVICE_NAMES).map((name) => [name, serviceUrlFromEnvironment(name, env)]));
  return endpointsOf(urls, {
    brokers: brokersFromEnvironment(env),
    registryUrl: registryUrlFromEnvironment(env),
    issuer: (env.AUTH_ISSUER ?? `http://127.0.0.1:${declaredDevIssuerPort()}`).replace(/\/$/, ''),
    careRecordGroup: env.CARE_RECORD_CONSUMER_GROUP ?? 'care-record',
  });
}

/**
 * Where the delivery service is: DELIVERY_URL, or its port in deploy/services.json. Apart from the
 * journey's services, which the journey test starts without it.
 */
export function deliveryUrlFromEnvironment(env: NodeJS.ProcessEnv = process.env): string {
  return serviceUrlFromEnvironment('delivery', env);
}

/** KAFKA_BROKERS (comma-separated), else the broker `npm start` runs. */
export function brokersFromEnvironment(env: NodeJS.ProcessEnv = process.env): string[] {
  return (env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(',');
}

/** SCHEMA_REGISTRY_URL, else the registry `npm start` runs. */
export function registryUrlFromEnvironment(env: NodeJS.ProcessEnv = process.env): string {
  return env.SCHEMA_REGISTRY_URL ?? 'http://127.0.0.1:8081/apis/ccompat/v7';
}

/** <NAME>_URL from the environment, else 127.0.0.1 on the service's port in deploy/services.json. */
export function serviceUrlFromEnvironment(name: string, env: NodeJS.ProcessEnv = process.env): string {
  const configured = env[`${name.toUpperCase().replace(/-/g, '_')}_URL`];
  if (configured) return configured.replace(/\/$/, '');
  const service = declaredServices().find((entry) => entry.name === name);
  if (!service) throw new Error(`deploy/services.json declares no service "${name}"`);
  return `http://127.0.0.1:${service.port}`;
}

/** The endpoints of services started elsewhere (e.g. by a test), by deploy/services.json name. */
export function endpointsOf(urls: Record<string, string>, platform: Pick<PlatformEndpoints, 'brokers' | 'registryUrl' | 'issuer' | 'careRecordGroup'>): PlatformEndpoints {
  const urlOf = (key: ServiceName): string => {
    const url = urls[SERVICE_NAMES[key]];
    if (!url) throw new Error(`no URL for the ${SERVICE_NAMES[key]} service`);
    return url;
  };
  return {
    identity: urlOf('identity'), records: urlOf('records'), medications: urlOf('medications'), appointments: urlOf('appointments'),
    results: urlOf('results'), careRouter: urlOf('careRouter'), careRecord: urlOf('careRecord'), ...platform,
  };
}

/** The service names of deploy/services.json that the journey calls. */
export const JOURNEY_SERVICES = Object.values(SERVICE_NAMES);
