# One image for every care-events service and for the provisioning step.
#
#   docker build -t care-events .
#   docker run -e SERVICE=identity -e KAFKA_BROKERS=... -e SCHEMA_REGISTRY_URL=... -e DATABASE_URL=... care-events
#   docker run -e KAFKA_BROKERS=... -e SCHEMA_REGISTRY_URL=... -e DATABASE_URL=... care-events \
#     node --enable-source-maps dist/provision/main.js
#
# The build stage compiles each service (and the provisioning step) into one JavaScript file,
# dist/services/<name>/main.js (dist/provision/main.js), with the workspace libraries inside it
# (tools/deploy/bundle.ts); the final stage holds those files and the production dependencies only.
# Variables: docs/operations.md and .env.example.

# ---- build: every dependency, the sources, `nx build` ----
FROM node:22-bookworm-slim AS build
WORKDIR /app
# --ignore-scripts: no install script is needed to build. SWC's and esbuild's native binaries come
# from their platform optionalDependencies, not from scripts.
COPY package.json package-lock.json ./
RUN npm ci --ignore-scripts --no-audit --no-fund
COPY . .
# The services and provisioning (the subscriber SDK's package build is not part of the image).
RUN NX_DAEMON=false npm run build -- --exclude=subscriber --outputStyle=static

# ---- final: production dependencies and the built files ----
FROM node:22-bookworm-slim
WORKDIR /app
ENV NODE_ENV=production
# dependencies of package.json only: no Nx, SWC, esbuild, Jest, testcontainers or embedded PostgreSQL.
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --ignore-scripts --no-audit --no-fund && npm cache clean --force
COPY --from=build /app/dist ./dist

# The node image's unprivileged user (uid 1000); the files stay root-owned and read-only to it.
USER node

# SERVICE picks the service (dist/services/<SERVICE>/main.js). Arguments replace that default, e.g.
# the provisioning command above. exec keeps node as PID 1 so SIGTERM reaches its shutdown handler.
# The tracing preload (service-kit's build, dist/tracing-preload) starts OpenTelemetry before the
# service's bundle loads Nest, pg and kafkajs, so that they are instrumented (docs/operations.md, "Traces").
ENTRYPOINT ["/bin/sh", "-c", "if [ \"$#\" -gt 0 ]; then exec \"$@\"; fi; exec node --enable-source-maps -r ./dist/tracing-preload/main.js \"dist/services/${SERVICE:?set SERVICE to the service to run, e.g. identity}/main.js\"", "care-events"]
CMD []
