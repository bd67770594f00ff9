# syntax=docker/dockerfile:1
# One image for every OrderOps process; each compose service picks its entry point with `command`.
ARG NODE_VERSION=20.18.1

FROM node:${NODE_VERSION}-bookworm-slim AS build
WORKDIR /app
# better-sqlite3 normally installs a prebuilt binary; the toolchain is the fallback when none matches.
RUN apt-get update \
 && apt-get install -y --no-install-recommends python3 make g++ \
 && rm -rf /var/lib/apt/lists/*
COPY package.json package-lock.json ./
RUN npm ci
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
# Compiled JavaScript: no TypeScript transform at start-up, and worker threads load plain .js.
# The build also writes dist/workflow-bundle.js, so a worker loads its workflows instead of bundling them at start.
RUN npm run build && npm prune --omit=dev

FROM node:${NODE_VERSION}-bookworm-slim
ENV NODE_ENV=production
WORKDIR /app
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY package.json ./
COPY bin ./bin
COPY examples ./examples
# Exists in the image, owned by `node`, so a fresh named volume mounted here is writable.
RUN mkdir -p /app/data && chown node:node /app/data
USER node
ENV ORDEROPS_DATA_DIR=/app/data
CMD ["node", "bin/orderops.js", "api"]
