# TripSage image: one image for the API (default command), the Temporal worker and the migration job.
#   docker build -t tripsage:local .
#   docker run tripsage:local                                              # API on :3000
#   docker run tripsage:local node dist/worker/main.js                     # worker
#   docker run tripsage:local node dist/scripts/migrate.js                 # migrations (one-shot)
#   docker run tripsage:local node dist/scripts/reencryptCredentials.js    # key rotation (docs/operations.md)
# The build stage compiles the server side to JavaScript (tsconfig.build.json → dist/) and prebuilds the
# workflow bundle (dist/workflow-bundle.js), so the runtime runs plain `node` with no TypeScript loader and
# the worker starts without webpack; the runtime stage holds only what that needs.

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

##### build: Prisma client, web client, compiled server (dist/) and workflow bundle; then drop dev dependencies #####
FROM deps AS build
COPY . .
# Prisma 7 `generate` needs no schema engine; pointing at the stand-in stops the CLI downloading one.
RUN PRISMA_SCHEMA_ENGINE_BINARY=scripts/no-schema-engine.sh npx prisma generate \
 && npx vite build --config web/vite.config.ts \
 && npm run -s build:server \
 && npm run -s build:workflows -- dist/workflow-bundle.js \
 && npm prune --omit=dev --no-audit --no-fund

##### runtime #####
FROM ${NODE_IMAGE} AS runtime
ENV NODE_ENV=production \
    API_HOST=0.0.0.0 \
    API_PORT=3000 \
    WEB_DIST_DIR=web/dist \
    SERVE_WEB=true \
    WORKER_METRICS_PORT=9464 \
    API_METRICS_PORT=9466 \
    WORKFLOW_BUNDLE_PATH=dist/workflow-bundle.js
WORKDIR /app
# Files stay owned by root (read-only for the app); the process runs as the unprivileged `node` user.
# package.json makes dist/*.js ES modules and marks /app as the project root (the migrations are found
# from it, in prisma/migrations).
COPY --from=build /app/package.json ./
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY --from=build /app/prisma ./prisma
COPY --from=build /app/web/dist ./web/dist
# Numeric (the image's `node` user): a runtime enforcing runAsNonRoot can only verify a numeric id.
USER 1000:1000
EXPOSE 3000 9464 9465 9466
CMD ["node", "dist/api/main.js"]
