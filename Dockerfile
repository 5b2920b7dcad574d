# syntax=docker/dockerfile:1
# Drover's app (the Probot controller, docs/app.md) as a small image: compiled once in a build
# stage, production dependencies only, run as the unprivileged `node` user.
#   docker build -t drover .
#   docker run -p 3000:3000 -e APP_ID -e PRIVATE_KEY -e WEBHOOK_SECRET drover
# The base image is pinned to an exact release; pin it by digest too in production
# (`node:24.11.1-bookworm-slim@sha256:…`, from `docker buildx imagetools inspect`).
ARG NODE_IMAGE=node:24.11.1-bookworm-slim

FROM ${NODE_IMAGE} AS build
WORKDIR /src
COPY package.json package-lock.json ./
RUN npm ci --ignore-scripts
COPY . .
RUN npm run build:app

FROM ${NODE_IMAGE} AS deps
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --ignore-scripts && npm cache clean --force

FROM ${NODE_IMAGE}
ENV NODE_ENV=production PORT=3000 HOST=0.0.0.0
WORKDIR /app
COPY --from=deps /app/node_modules ./node_modules
COPY --from=build /src/dist/app/main.js ./dist/app/main.js
COPY package.json ./
USER node
EXPOSE 3000
# Readiness: 200 once the app is loaded, 503 while it starts or shuts down (docs/app.md).
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 3000) + '/readyz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
# SIGTERM: no new webhooks, the pass in progress finishes (at most DROVER_SHUTDOWN_GRACE_SECONDS), exit 0.
STOPSIGNAL SIGTERM
CMD ["node", "dist/app/main.js"]
