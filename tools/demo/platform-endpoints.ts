import { declaredServices } from '@care-events/local-platform';

/** Where the journey finds the services, the broker and the schema registry. */
export interface PlatformEndpoints {
  identity: string;
  records: string;
  medications: string;
  appointments: string;
  results: string;
  careRouter: string;
  brokers: string[];
  registryUrl: string;
}

export type ServiceName = Exclude<keyof PlatformEndpoints, 'brokers' | 'registryUrl'>;

const SERVICE_NAMES: Record<ServiceName, string> = {
  identity: 'identity', records: 'records', medications: 'medications', appointments: 'appointments', results: 'results', careRouter: 'care-router',
};

/**
 * What `npm start` runs (deploy/services.json's ports, the broker and registry on their fixed ports),
 * unless the environment says otherwise: KAFKA_BROKERS, SCHEMA_REGISTRY_URL and IDENTITY_URL,
 * RECORDS_URL, MEDICATIONS_URL, APPOINTMENTS_URL, RESULTS_URL, CARE_ROUTER_URL.
 */
export function endpointsFromEnvironment(env: NodeJS.ProcessEnv = process.env): PlatformEndpoints {
  const declared = declaredServices();
  const urlOf = (key: ServiceName): string => {
    const name = SERVICE_NAMES[key];
    const configured = env[`${name.toUpperCase().replace(/-/g, '_')}_URL`];
    if (configured) return configured.replace(/\/$/, '');
    const service = declared.find((entry) => entry.name === name);
    if (!service) throw new Error(`deploy/services.json declares no service "${name}"`);
    return `http://127.0.0.1:${service.port}`;
  };
  return {
    identity: urlOf('identity'),
    records: urlOf('records'),
    medications: urlOf('medications'),
    appointments: urlOf('appointments'),
    results: urlOf('results'),
    careRouter: urlOf('careRouter'),
    brokers: (env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(','),
    registryUrl: env.SCHEMA_REGISTRY_URL ?? 'http://127.0.0.1:8081/apis/ccompat/v7',
  };
}

/** The endpoints of services started elsewhere (e.g. by a test), by deploy/services.json name. */
export function endpointsOf(urls: Record<string, string>, brokers: string[], registryUrl: string): PlatformEndpoints {
  const urlOf = (key: ServiceName): string => {
    const url = urls[SERVICE_NAMES[key]];
    if (!url) throw new Error(`no URL for the ${SERVICE_NAMES[key]} service`);
    return url;
  };
  return {
    identity: urlOf('identity'), records: urlOf('records'), medications: urlOf('medications'),
    appointments: urlOf('appointments'), results: urlOf('results'), careRouter: urlOf('careRouter'), brokers, registryUrl,
  };
}

/** The service names of deploy/services.json that the journey calls. */
export const JOURNEY_SERVICES = Object.values(SERVICE_NAMES);
