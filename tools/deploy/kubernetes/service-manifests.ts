import { DeployedService, DeploySettings, Environment, MAX_SURGE, ServiceExtras } from './deploy-settings';
import { kafkaClientOf } from './kafka-credentials';
import { containerSecurity, databaseUrlKey, fromSecret, labelsOf, Manifest, podSecurity, selectorOf } from './manifest';
import { serviceNetworkPolicy } from './network-policies';

/** A readiness answer takes at most the checks' 1.5 s bound (health.controller.ts); 2 s leaves the margin. */
export const READINESS_TIMEOUT_SECONDS = 2;

/** What one service runs as: its ServiceAccount, Deployment, Service, PodDisruptionBudget and NetworkPolicy. */
export function serviceManifests(service: DeployedService, services: DeployedService[], settings: DeploySettings, environment: Environment): Manifest[] {
  const extras = settings.services[service.name] ?? {};
  const labels = labelsOf(service.name, 'service');
  return [
    // No Kubernetes API access: the token is not mounted.
    { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: service.name, labels }, automountServiceAccountToken: false },
    deployment(service, extras, environment),
    {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: service.name, labels },
      spec: { selector: selectorOf(service.name), ports: [{ name: 'http', port: service.port, targetPort: 'http' }] },
    },
    {
      apiVersion: 'policy/v1',
      kind: 'PodDisruptionBudget',
      metadata: { name: service.name, labels },
      spec: { minAvailable: environment.minAvailable, selector: { matchLabels: selectorOf(service.name) } },
    },
    serviceNetworkPolicy(service, extras, settings, services),
  ];
}

function deployment(service: DeployedService, extras: ServiceExtras, environment: Environment): Manifest {
  const labels = labelsOf(service.name, 'service');
  // Each service is the Kafka user named after it (deploy/kubernetes/strimzi/users.yaml).
  const kafka = environment.kafka ? kafkaClientOf(service.name, environment.kafka) : { env: [], volumeMounts: [], volumes: [] };
  const probe = (path: string, periodSeconds: number, timeoutSeconds: number, failureThreshold: number) => ({
    httpGet: { path, port: 'http' }, periodSeconds, timeoutSeconds, failureThreshold,
  });
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: service.name, labels },
    spec: {
      // Replicas share the HTTP load and the consumer group's partitions; one at a time runs the outbox relay.
      replicas: environment.replicas,
      selector: { matchLabels: selectorOf(service.name) },
      strategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 0, maxSurge: MAX_SURGE } },
      template: {
        metadata: { labels },
        spec: {
          serviceAccountName: service.name,
          automountServiceAccountToken: false,
          // SIGTERM: stop HTTP, leave the consumer group, drain the outbox relay (up to 10 s), close the database.
          terminationGracePeriodSeconds: 30,
          securityContext: podSecurity,
          topologySpreadConstraints: ['topology.kubernetes.io/zone', 'kubernetes.io/hostname'].map((topologyKey) => ({
            maxSkew: 1,
            topologyKey,
            // Spread when the cluster can; a cluster of one zone or a few nodes still schedules.
            whenUnsatisfiable: 'ScheduleAnyway',
            labelSelector: { matchLabels: selectorOf(service.name) },
            matchLabelKeys: ['pod-template-hash'],
          })),
          containers: [
            {
              name: service.name,
              image: 'care-events',
              ports: [{ name: 'http', containerPort: service.port }],
              envFrom: [{ configMapRef: { name: 'care-events-config' } }],
              env: [
                { name: 'SERVICE', value: service.name },
                { name: 'PORT', value: String(service.port) },
                fromSecret(databaseUrlKey(service.name)),
                ...(extras.secretEnv ?? []).map(fromSecret),
                ...Object.entries(extras.env ?? {}).map(([name, value]) => ({ name, value })),
                ...kafka.env,
              ],
              // Start-up runs the database migrations: up to 60 s before liveness counts.
              startupProbe: probe('/health/live', 2, 1, 30),
              readinessProbe: probe('/health/ready', 10, READINESS_TIMEOUT_SECONDS, 3),
              livenessProbe: probe('/health/live', 10, 2, 3),
              lifecycle: {
                // Lets the endpoints controller take the pod out of the Service before SIGTERM arrives.
                preStop: { exec: { command: ['sleep', '5'] } },
              },
              resources: environment.resources,
              securityContext: containerSecurity,
              // The root filesystem is read-only; a library's temporary file goes here.
              volumeMounts: [{ name: 'tmp', mountPath: '/tmp' }, ...kafka.volumeMounts],
            },
          ],
          volumes: [{ name: 'tmp', emptyDir: { sizeLimit: '64Mi' } }, ...kafka.volumes],
        },
      },
    },
  };
}
