import { existsSync, readFileSync } from 'node:fs';
import { join, posix } from 'node:path';
import { parse } from 'yaml';
import { declaredServices } from './provisioning';
import { workspaceRoot } from './workspace';

interface ComposeService {
  image?: string;
  environment?: Record<string, string>;
  volumes?: string[];
  depends_on?: Record<string, { condition: string }>;
}

const root = workspaceRoot();
const yamlAt = <T>(path: string): T => parse(readFileSync(join(root, path), 'utf8'), { merge: true }) as T;
const compose = yamlAt<{ services: Record<string, ComposeService> }>('docker-compose.yml');
const services = compose.services;
/** The care-events services: the containers of the image that run one (SERVICE set). */
const careEvents = Object.entries(services).filter(([, service]) => service.environment?.SERVICE);
/** `./host/path:/container/path[:ro]` mounts of the repository's files. */
const bindMounts = (service: ComposeService) =>
  (service.volumes ?? []).filter((volume) => volume.startsWith('./')).map((volume) => {
    const [source, target] = volume.split(':');
    return { source, target };
  });
const hostOf = (url: string) => new URL(url).hostname;

/**
 * No Docker engine runs where the tests do, so docker-compose.yml is checked as far as it can be
 * without one: what it names exists, in the file and in the repository.
 */
describe('docker-compose.yml', () => {
  it('runs every service, with its tracing exported to the collector of the same file', () => {
    expect(careEvents.map(([name]) => name).sort()).toEqual(declaredServices().map(({ name }) => name).sort());
    for (const [name, service] of careEvents) {
      const endpoint = service.environment?.OTEL_EXPORTER_OTLP_ENDPOINT;
      expect({ name, endpoint }).toEqual({ name, endpoint: 'http://otel-collector:4318' });
      expect(service.depends_on).toHaveProperty('otel-collector');
    }
    const collector = yamlAt<{ receivers: { otlp: { protocols: { http: { endpoint: string } } } } }>('deploy/otel/collector.yaml');
    expect(collector.receivers.otlp.protocols.http.endpoint).toBe('0.0.0.0:4318');
  });

  it('mounts only files and folders the repository holds', () => {
    const mounts = Object.values(services).flatMap(bindMounts);
    expect(mounts.length).toBeGreaterThan(0);
    for (const { source } of mounts) expect({ source, exists: existsSync(join(root, source)) }).toEqual({ source, exists: true });
  });

  it('depends only on services it defines', () => {
    for (const [name, service] of Object.entries(services)) {
      for (const target of Object.keys(service.depends_on ?? {})) expect({ name, dependsOn: target, defined: target in services }).toEqual({ name, dependsOn: target, defined: true });
    }
  });

  it('passes the collector\'s traces to a Jaeger of the same file', () => {
    const collector = yamlAt<{ exporters: Record<string, { endpoint: string }>; service: { pipelines: Record<string, { receivers: string[]; processors: string[]; exporters: string[] }> } }>('deploy/otel/collector.yaml');
    const { traces } = collector.service.pipelines;
    const exporters = traces.exporters.map((name) => collector.exporters[name]);
    expect(exporters.map(({ endpoint }) => endpoint.split(':')[0])).toEqual(['jaeger']);
    expect(services.jaeger.image).toMatch(/^jaegertracing\/jaeger:/);
    const mounted = bindMounts(services['otel-collector']).map(({ source }) => source);
    expect(mounted).toEqual(['./deploy/otel/collector.yaml']);
  });

  it("provisions Grafana's data sources at services of the same file, and the dashboard where its provider looks", () => {
    const grafana = bindMounts(services.grafana);
    const provisioning = grafana.find(({ target }) => target === '/etc/grafana/provisioning');
    expect(provisioning?.source).toBe('./deploy/grafana/provisioning');
    const { datasources } = yamlAt<{ datasources: Array<{ type: string; url: string }> }>('deploy/grafana/provisioning/datasources/care-events.yaml');
    expect(datasources.map(({ type }) => type).sort()).toEqual(['jaeger', 'prometheus']);
    for (const { url } of datasources) expect(services).toHaveProperty([hostOf(url)]);

    const { providers } = yamlAt<{ providers: Array<{ options: { path: string } }> }>('deploy/grafana/provisioning/dashboards/care-events.yaml');
    const dashboard = grafana.find(({ source }) => source === './deploy/grafana/care-events-dashboard.json');
    expect(dashboard && posix.dirname(dashboard.target)).toBe(providers[0].options.path);
  });

  it('has Prometheus scrape each service at its own port', () => {
    const mounted = bindMounts(services.prometheus).find(({ target }) => target === '/etc/prometheus/prometheus.yml');
    expect(mounted?.source).toBe('./deploy/prometheus/prometheus.yml');
    const config = yamlAt<{ scrape_configs: Array<{ static_configs?: Array<{ targets: string[] }> }> }>(join('.', mounted?.source ?? ''));
    const targets = config.scrape_configs.flatMap(({ static_configs = [] }) => static_configs.flatMap(({ targets }) => targets)).sort();
    expect(targets).toEqual(careEvents.map(([name, service]) => `${name}:${service.environment?.PORT}`).sort());
  });
});
