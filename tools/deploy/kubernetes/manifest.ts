/** A Kubernetes object as the generator writes it. */
export interface Manifest {
  apiVersion: string;
  kind: string;
  metadata: { name: string; labels?: Record<string, string>; annotations?: Record<string, string> };
  [field: string]: unknown;
}

/** The labels that select one service's pods (and name what else belongs to it). */
export const selectorOf = (name: string): Record<string, string> => ({ 'app.kubernetes.io/name': name });

export const labelsOf = (name: string, component: 'service' | 'provisioning'): Record<string, string> => ({
  ...selectorOf(name),
  'app.kubernetes.io/component': component,
});

/** `<SERVICE>_DATABASE_URL`, the variable the service reads its own database from (service-config.ts). */
export const databaseUrlKey = (service: string): string => `${service.toUpperCase().replace(/-/g, '_')}_DATABASE_URL`;

/** The container settings every care-events container shares: no root, no privilege, nothing written to the image. */
export const containerSecurity = {
  allowPrivilegeEscalation: false,
  readOnlyRootFilesystem: true,
  capabilities: { drop: ['ALL'] },
};

/** The node image's unprivileged user (Dockerfile: USER node). */
export const podSecurity = {
  runAsNonRoot: true,
  runAsUser: 1000,
  runAsGroup: 1000,
  seccompProfile: { type: 'RuntimeDefault' },
};

export const fromSecret = (key: string) => ({ name: key, valueFrom: { secretKeyRef: { name: 'care-events-database', key } } });
