import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { databaseUrlVariable } from '@care-events/service-kit';
import { environmentProblems, peakConnections, readDeployedServices, readDeploySettings, repositoryRoot } from './deploy-settings';
import { environmentManifests, KUBERNETES_DIR } from './kustomize-layout';
import { databaseUrlKey, Manifest } from './manifest';
import { READINESS_TIMEOUT_SECONDS } from './service-manifests';

/* eslint-disable @typescript-eslint/no-explicit-any -- rendered manifests are checked field by field */

const services = readDeployedServices();
const settings = readDeploySettings();

function kubectlKustomize(dir: string): Manifest[] | undefined {
  try {
    const output = execFileSync('kubectl', ['kustomize', join(repositoryRoot, dir)], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    return parseAllDocuments(output).map((document) => document.toJSON() as Manifest);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

const find = (manifests: Manifest[], kind: string, name: string): any => {
  const found = manifests.find((manifest) => manifest.kind === kind && manifest.metadata.name === name);
  if (!found) throw new Error(`no ${kind} ${name}`);
  return found;
};
/** env, volumes and volumeMounts sorted by name: a strategic-merge patch puts the entries it adds first, and their order means nothing here. */
function unordered(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(unordered);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.entries(value).map(([key, field]) => [
      key,
      ['env', 'volumes', 'volumeMounts'].includes(key) && Array.isArray(field)
        ? [...field].sort((a, b) => String(a.name ?? a.mountPath).localeCompare(String(b.name ?? b.mountPath))).map(unordered)
        : unordered(field),
    ]),
  );
}

const selects = (selector: Record<string, string>, labels: Record<string, string>) => Object.entries(selector).every(([key, value]) => labels[key] === value);

describe.each(Object.entries(settings.environments))('the %s overlay', (name, environment) => {
  const own = environmentManifests(services, settings, environment);
  // kubectl's kustomize when it is installed (it is checked against the generator's own objects), else those objects.
  const withStrimzi = kubectlKustomize(`${KUBERNETES_DIR}/overlays/${name}`);
  // The Kafka topics and users of deploy/kubernetes/strimzi (prod, when present) are another generator's.
  const isStrimzi = (manifest: Manifest) => manifest.apiVersion.startsWith('kafka.strimzi.io/');
  const kustomized = withStrimzi?.filter((manifest) => !isStrimzi(manifest));
  const rendered = kustomized ?? own;
  const withKubectl = kustomized ? it : it.skip;

  withKubectl('renders with kubectl what the generator means it to (its own objects, namespaced, labelled, with the image set)', () => {
    const image = `${settings.image.newName}:${settings.image.newTag}`;
    expect(kustomized!.map((manifest) => `${manifest.kind}/${manifest.metadata.name}`).sort()).toEqual(own.map((manifest) => `${manifest.kind}/${manifest.metadata.name}`).sort());
    for (const manifest of own) {
      const expected = JSON.parse(JSON.stringify(manifest).replace(/"image":"care-events"/g, `"image":"${image}"`));
      expect(unordered(find(kustomized!, manifest.kind, manifest.metadata.name))).toMatchObject(unordered(expected) as object);
      if (manifest.kind !== 'Namespace') expect(find(kustomized!, manifest.kind, manifest.metadata.name).metadata).toMatchObject({ namespace: settings.namespace });
    }
  });

  (withStrimzi?.some(isStrimzi) ? it : it.skip)('leaves the Strimzi resources in their own namespace', () => {
    for (const manifest of withStrimzi!.filter(isStrimzi)) expect((manifest.metadata as { namespace?: string }).namespace).not.toBe(settings.namespace);
  });

  (environment.kafka && withStrimzi?.some(isStrimzi) ? it : it.skip)('authenticates each service as the Kafka user Strimzi makes for it', () => {
    const users = withStrimzi!.filter((manifest) => manifest.kind === 'KafkaUser').map((manifest) => manifest.metadata.name);
    for (const service of services) {
      const [container] = find(rendered, 'Deployment', service.name).spec.template.spec.containers;
      const username = container.env.find((variable: any) => variable.name === 'KAFKA_SASL_USERNAME')?.value;
      expect({ service: service.name, username, known: users.includes(username) }).toEqual({ service: service.name, username: service.name, known: true });
    }
  });

  it.each(services.map((service) => [service.name, service] as const))('%s: selectors match the pod labels, ports are those of deploy/services.json', (_, service) => {
    const deployment = find(rendered, 'Deployment', service.name);
    const podLabels = deployment.spec.template.metadata.labels;
    expect(selects(deployment.spec.selector.matchLabels, podLabels)).toBe(true);
    expect(selects(find(rendered, 'Service', service.name).spec.selector, podLabels)).toBe(true);
    expect(selects(find(rendered, 'PodDisruptionBudget', service.name).spec.selector.matchLabels, podLabels)).toBe(true);
    expect(selects(find(rendered, 'NetworkPolicy', service.name).spec.podSelector.matchLabels, podLabels)).toBe(true);
    for (const spread of deployment.spec.template.spec.topologySpreadConstraints) expect(selects(spread.labelSelector.matchLabels, podLabels)).toBe(true);

    const [container] = deployment.spec.template.spec.containers;
    expect(container.ports).toEqual([{ name: 'http', containerPort: service.port }]);
    expect(find(rendered, 'Service', service.name).spec.ports).toEqual([{ name: 'http', port: service.port, targetPort: 'http' }]);
    expect(find(rendered, 'NetworkPolicy', service.name).spec.ingress.map((rule: any) => rule.ports)).toEqual([[{ protocol: 'TCP', port: service.port }]]);
    expect(container.env).toEqual(expect.arrayContaining([{ name: 'PORT', value: String(service.port) }, { name: 'SERVICE', value: service.name }]));
    expect(container.env.map((variable: any) => variable.valueFrom?.secretKeyRef?.key)).toContain(databaseUrlVariable(service.name));
    expect(deployment.spec.template.spec.serviceAccountName).toBe(find(rendered, 'ServiceAccount', service.name).metadata.name);
  });

  it.each(services.map((service) => [service.name] as const))('%s: probes name the container port, readiness waits out the checks\' bound', (service) => {
    const [container] = find(rendered, 'Deployment', service).spec.template.spec.containers;
    const portNames = container.ports.map((port: any) => port.name);
    for (const probe of ['startupProbe', 'readinessProbe', 'livenessProbe']) expect(portNames).toContain(container[probe].httpGet.port);
    expect(container.readinessProbe).toMatchObject({ httpGet: { path: '/health/ready' }, timeoutSeconds: READINESS_TIMEOUT_SECONDS });
  });

  it('gives every container requests and limits, no root and a read-only root filesystem', () => {
    const pods = rendered.filter((manifest) => ['Deployment', 'Job'].includes(manifest.kind)).map((manifest: any) => manifest.spec.template.spec);
    expect(pods).toHaveLength(services.length + 1);
    for (const pod of pods) {
      expect(pod.securityContext).toMatchObject({ runAsNonRoot: true });
      for (const container of pod.containers) {
        expect(container.resources).toEqual(environment.resources);
        expect(container.securityContext).toMatchObject({ readOnlyRootFilesystem: true, allowPrivilegeEscalation: false });
      }
    }
  });

  it('keeps replicas, disruption budgets and the database pool consistent', () => {
    for (const service of services) {
      const replicas = find(rendered, 'Deployment', service.name).spec.replicas;
      const { minAvailable } = find(rendered, 'PodDisruptionBudget', service.name).spec;
      expect({ replicas, minAvailable }).toEqual({ replicas: environment.replicas, minAvailable: environment.minAvailable });
      // A drain can always evict one pod, and a service of several replicas keeps at least one.
      expect(minAvailable).toBeLessThan(replicas);
      if (replicas > 1) expect(minAvailable).toBeGreaterThanOrEqual(1);
    }
    expect(find(rendered, 'ConfigMap', 'care-events-config').data.DATABASE_POOL_SIZE).toBe(String(environment.databasePoolSize));
    expect(peakConnections(environment, services.length)).toBeLessThanOrEqual(environment.postgresMaxConnections - environment.postgresReservedConnections);
  });
});

describe('deploy settings', () => {
  it('names each service\'s database URL as the service reads it', () => {
    for (const service of services) expect(databaseUrlKey(service.name)).toBe(databaseUrlVariable(service.name));
  });

  it('refuses an environment whose replicas and pools exceed the server\'s connections', () => {
    const environment = { ...settings.environments.prod, databasePoolSize: 20 };
    expect(environmentProblems('prod', environment, 8)).toEqual([expect.stringMatching(/8 services × \(3 replicas \+ 1 surging\) × \(DATABASE_POOL_SIZE 20 \+ 1 relay connection\) \+ 1 provisioning = 673 connections, more than max_connections 300 less 20 reserved \(280\)/)]);
  });
});
