# One image for every care-events service and for the provisioning step.
#
#   docker build -t care-events .
#   docker run -e SERVICE=identity -e KAFKA_BROKERS=... -e SCHEMA_REGISTRY_URL=... -e DATABASE_URL=... care-events
#   docker run -e KAFKA_BROKERS=... -e SCHEMA_REGISTRY_URL=... -e DATABASE_URL=... care-events \
#     node -r ./tools/register.js tools/platform/provision.ts
#
# Services run from their TypeScript sources (tools/register.js: SWC + tsconfig-paths), so there is
# no build step; see docs/operations.md for the variables.
FROM node:22-bookworm-slim

WORKDIR /app

# The runtime needs @swc-node/register, @swc/core and tsconfig-paths, which are devDependencies, so
# the full lockfile is installed (before NODE_ENV=production is set, which would omit them).
# --ignore-scripts: no install script is needed at runtime. SWC's native binary comes from the
# platform optionalDependency (@swc/core-linux-x64-gnu / -linux-arm64-gnu), not from a script;
# the check below fails the build if it cannot be loaded.
COPY package.json package-lock.json ./
RUN npm ci --ignore-scripts --include=dev --no-audit --no-fund \
 && npm cache clean --force \
 && node -e "require('@swc/core').transformSync('const ok: boolean = true', { jsc: { parser: { syntax: 'typescript' } } })"

COPY . .

ENV NODE_ENV=production
# The node image's unprivileged user (uid 1000). The sources stay root-owned and read-only to it;
# the only writes are SWC's transform cache under /tmp.
USER node

# SERVICE picks the service (services/<SERVICE>/src/main.ts). Arguments replace that default, e.g.
# the provisioning command above. exec keeps node as PID 1 so SIGTERM reaches its shutdown handler.
ENTRYPOINT ["/bin/sh", "-c", "if [ \"$#\" -gt 0 ]; then exec \"$@\"; fi; exec node -r ./tools/register.js \"services/${SERVICE:?set SERVICE to the service to run, e.g. identity}/src/main.ts\"", "care-events"]
CMD []
