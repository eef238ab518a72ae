# syntax=docker/dockerfile:1
#
# One file for the whole monorepo. Build a service with its target:
#   docker build --target auth -t orion/auth .
#   docker build --target user -t orion/user .
#   docker build --target notification -t orion/notification .
#   docker build --target migrate -t orion/migrate .   (migrations and seed, one-shot)

ARG NODE_IMAGE=node:22-bookworm-slim

FROM ${NODE_IMAGE} AS base
WORKDIR /app
ENV NPM_CONFIG_UPDATE_NOTIFIER=false \
    NPM_CONFIG_FUND=false \
    NPM_CONFIG_AUDIT=false

# All dependencies, exactly as locked, with install scripts off so that nothing
# downloads at install time (Prisma's engines, telemetry). The one native module,
# @node-rs/argon2, ships its binary in a platform package; hashing once proves it loads.
FROM base AS deps
COPY package.json package-lock.json ./
RUN npm ci --ignore-scripts \
 && node -e "const a = require('@node-rs/argon2'); a.hash('probe').then((h) => a.verify(h, 'probe')).then((ok) => process.exit(ok ? 0 : 1))"

# Prisma clients and the three compiled services. `prisma generate` reads no
# database and never needs the schema engine, only a path to an existing file in
# its place.
FROM deps AS build
ENV PRISMA_SCHEMA_ENGINE_BINARY=/bin/true
COPY . .
RUN for svc in auth user notification; do \
      npx prisma generate --config "prisma/${svc}/prisma.config.ts" || exit 1; \
    done \
 && npx nest build auth \
 && npx nest build user \
 && npx nest build notification

# Production dependencies only, for the service images.
FROM deps AS prod-deps
RUN npm prune --omit=dev --ignore-scripts

# What every service image shares: runtime modules and generated clients,
# owned by root and run by the unprivileged `node` user.
FROM base AS runtime
ENV NODE_ENV=production \
    HOST=0.0.0.0
COPY package.json ./
COPY --from=prod-deps /app/node_modules ./node_modules
COPY --from=build /app/generated ./generated
USER node

FROM runtime AS auth
ENV AUTH_PORT=3001
COPY --from=build /app/dist/apps/auth ./dist/apps/auth
EXPOSE 3001
HEALTHCHECK --interval=15s --timeout=5s --start-period=30s --retries=5 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:3001/health/ready').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
CMD ["node", "dist/apps/auth/main.js"]

FROM runtime AS user
ENV USER_PORT=3002
COPY --from=build /app/dist/apps/user ./dist/apps/user
EXPOSE 3002
HEALTHCHECK --interval=15s --timeout=5s --start-period=30s --retries=5 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:3002/health/ready').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
CMD ["node", "dist/apps/user/main.js"]

FROM runtime AS notification
ENV NOTIFICATION_PORT=3003
COPY --from=build /app/dist/apps/notification ./dist/apps/notification
EXPOSE 3003
HEALTHCHECK --interval=15s --timeout=5s --start-period=30s --retries=5 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:3003/health/ready').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
CMD ["node", "dist/apps/notification/main.js"]

# Migrations and seed need the full toolchain (prisma CLI, tsx), so this image
# keeps the dev dependencies and the sources. The script regenerates the
# clients, hence the writable generated/ folder.
FROM build AS migrate
ENV NODE_ENV=production
RUN chown -R node:node generated
USER node
CMD ["bash", "scripts/db-migrate.sh", "all", "init"]
