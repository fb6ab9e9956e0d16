# TripSage image: one image for the API (default command), the Temporal worker and the migration job.
#   docker build -t tripsage:local .
#   docker run tripsage:local                                              # API on :3000
#   docker run tripsage:local node --import tsx worker/main.ts             # worker
#   docker run tripsage:local node --import tsx scripts/migrate.ts         # migrations (one-shot)
# TypeScript runs through tsx at runtime, so there is no compile step; the build stages only install
# dependencies, generate the Prisma client and build the React client.

ARG NODE_IMAGE=node:20-bookworm-slim

##### deps: the full dependency tree (dev dependencies are needed for the build) #####
FROM ${NODE_IMAGE} AS deps
WORKDIR /app
COPY package.json package-lock.json ./
# `npm ci` installs exactly the lockfile. A lockfile written against a registry mirror that serves no
# other-platform optional packages (e.g. @swc/core-darwin-*) makes `npm ci` refuse it as out of sync;
# `npm install` then still honours the locked versions (the same fallback scripts/bootstrap.mjs uses).
RUN --mount=type=cache,target=/root/.npm \
    npm ci --no-audit --no-fund \
 || { echo "npm ci refused the lockfile; falling back to npm install" >&2 && npm install --no-audit --no-fund; }

##### build: Prisma client + web client, then drop dev dependencies #####
FROM deps AS build
COPY . .
# Prisma 7 `generate` needs no schema engine; pointing at the stand-in stops the CLI downloading one.
RUN PRISMA_SCHEMA_ENGINE_BINARY=scripts/no-schema-engine.sh npx prisma generate \
 && npx vite build --config web/vite.config.ts \
 && npm prune --omit=dev --no-audit --no-fund \
 && rm -rf test coverage .ci

##### runtime #####
FROM ${NODE_IMAGE} AS runtime
ENV NODE_ENV=production \
    API_HOST=0.0.0.0 \
    API_PORT=3000 \
    WEB_DIST_DIR=web/dist \
    SERVE_WEB=true \
    WORKER_METRICS_PORT=9464 \
    API_METRICS_PORT=9466
WORKDIR /app
# Files stay owned by root (read-only for the app); the process runs as the unprivileged `node` user.
COPY --from=build /app /app
USER node
EXPOSE 3000 9464 9466
CMD ["node", "--import", "tsx", "api/main.ts"]
