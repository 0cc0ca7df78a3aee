import { DeploySettings, Environment } from './deploy-settings';
import { kafkaClientOf } from './kafka-credentials';
import { containerSecurity, fromSecret, labelsOf, Manifest, podSecurity } from './manifest';
import { provisioningNetworkPolicy } from './network-policies';

export const PROVISION = 'care-events-provision';

export const namespaceManifest = (settings: DeploySettings): Manifest => ({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: settings.namespace } });

/** The settings every care-events container reads (docs/operations.md, .env.example). */
export function configMap(environment: Environment): Manifest {
  return {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name: 'care-events-config' },
    data: {
      // A service refuses to start unless its connection settings are given.
      NODE_ENV: 'production',
      ...environment.config,
      AUTH_AUDIENCE: 'care-events',
      LOG_LEVEL: environment.logLevel,
      DATABASE_POOL_SIZE: String(environment.databasePoolSize),
    },
  };
}

/**
 * Databases, topics (deploy/topics.json, with their .dlq topics) and event schemas; idempotent. A Job's
 * pod template is immutable: to run it again (e.g. for a new image), delete it and apply again.
 */
export function provisioning(settings: DeploySettings, environment: Environment): Manifest[] {
  const labels = labelsOf(PROVISION, 'provisioning');
  const kafka = environment.kafka ? kafkaClientOf(environment.kafka.provisioningUser, environment.kafka) : undefined;
  return [
    { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: PROVISION, labels }, automountServiceAccountToken: false },
    {
      apiVersion: 'batch/v1',
      kind: 'Job',
      metadata: { name: PROVISION, labels },
      spec: {
        backoffLimit: 6,
        activeDeadlineSeconds: 900,
        template: {
          metadata: { labels },
          spec: {
            restartPolicy: 'Never',
            serviceAccountName: PROVISION,
            automountServiceAccountToken: false,
            securityContext: podSecurity,
            containers: [
              {
                name: 'provision',
                image: 'care-events',
                args: ['node', '--enable-source-maps', 'dist/provision/main.js'],
                envFrom: [{ configMapRef: { name: 'care-events-config' } }],
                env: [fromSecret('DATABASE_URL'), ...(kafka?.env ?? [])],
                resources: environment.resources,
                securityContext: containerSecurity,
                ...(kafka && { volumeMounts: kafka.volumeMounts }),
              },
            ],
            ...(kafka && { volumes: kafka.volumes }),
          },
        },
      },
    },
    provisioningNetworkPolicy(PROVISION, settings),
  ];
}
