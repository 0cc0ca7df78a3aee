import { DeployedService, DeploySettings, PlatformEndpoint, ServiceExtras } from './deploy-settings';
import { Manifest, selectorOf } from './manifest';

const inNamespace = (namespace: string) => ({ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': namespace } } });
const tcp = (port: number) => ({ protocol: 'TCP', port });
const toPlatform = (endpoint: PlatformEndpoint) => ({ to: [inNamespace(endpoint.namespace)], ports: endpoint.ports.map(tcp) });

/** Cluster DNS (kube-dns / CoreDNS in kube-system). */
const dns = {
  to: [{ ...inNamespace('kube-system'), podSelector: { matchLabels: { 'k8s-app': 'kube-dns' } } }],
  ports: [{ protocol: 'UDP', port: 53 }, tcp(53)],
};

/** HTTPS outside the cluster: the token issuer's keys (AUTH_ISSUER), and delivery's receivers. */
const internetHttps = {
  to: [{ ipBlock: { cidr: '0.0.0.0/0', except: ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16'] } }],
  ports: [tcp(443)],
};

/** Kafka, the schema registry and PostgreSQL: what every care-events pod talks to. */
const platformEgress = (settings: DeploySettings) => [dns, toPlatform(settings.platform.kafka), toPlatform(settings.platform.schemaRegistry), toPlatform(settings.platform.postgres)];

/**
 * A service takes requests on its port only, from its namespace (delivery asks care-router and
 * care-record), the ingress controller and Prometheus; it reaches only the platform, the OTLP
 * collector, DNS, HTTPS outside the cluster, and the services it calls.
 */
export function serviceNetworkPolicy(service: DeployedService, extras: ServiceExtras, settings: DeploySettings, services: DeployedService[]): Manifest {
  const calls = (extras.callsServices ?? []).map((name) => {
    const called = services.find((candidate) => candidate.name === name);
    if (!called) throw new Error(`deploy/kubernetes/settings.json: ${service.name} calls "${name}", which deploy/services.json does not declare`);
    return { to: [{ podSelector: { matchLabels: selectorOf(name) } }], ports: [tcp(called.port)] };
  });
  return {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'NetworkPolicy',
    metadata: { name: service.name, labels: selectorOf(service.name) },
    spec: {
      podSelector: { matchLabels: selectorOf(service.name) },
      policyTypes: ['Ingress', 'Egress'],
      ingress: [
        {
          from: [{ podSelector: {} }, inNamespace(settings.platform.ingressNamespace), inNamespace(settings.platform.monitoringNamespace)],
          ports: [tcp(service.port)],
        },
      ],
      egress: [...platformEgress(settings), toPlatform(settings.platform.otlp), internetHttps, ...calls],
    },
  };
}

/** The provisioning Job: no ingress at all; egress to the platform and DNS only. */
export function provisioningNetworkPolicy(name: string, settings: DeploySettings): Manifest {
  return {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'NetworkPolicy',
    metadata: { name, labels: selectorOf(name) },
    spec: { podSelector: { matchLabels: selectorOf(name) }, policyTypes: ['Ingress', 'Egress'], egress: platformEgress(settings) },
  };
}
