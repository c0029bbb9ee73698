# syntax=docker/dockerfile:1
# parley: production image. Build: docker build -t parley .
# Run:   docker run -p 3000:3000 -v parley-data:/data --env-file parley.env parley

# Build stage: installs production dependencies; better-sqlite3 compiles its native addon here.
FROM node:24-bookworm-slim AS deps
RUN apt-get update \
 && apt-get install -y --no-install-recommends python3 make g++ \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY package.json package-lock.json .npmrc ./
# The package links itself (`"parley": "file:."`) for its `parley` bin, which npm ci links here;
# npm ci's prepare step compiles the command into dist/ (docs/adr/004-compiled-cli.md).
COPY bin ./bin
COPY scripts ./scripts
COPY src ./src
RUN npm ci --omit=dev --no-audit --no-fund

# Runtime stage: no compilers, a non-root user, the database on a volume.
FROM node:24-bookworm-slim
ENV NODE_ENV=production \
    PARLEY_DB=sqlite:/data/parley.db \
    HOST=0.0.0.0 \
    PORT=3000
WORKDIR /app
COPY --from=deps /app/node_modules ./node_modules
# The compiled command, and the sources it falls back to through tsx (a runtime dependency).
COPY --from=deps /app/dist ./dist
COPY package.json package-lock.json ./
COPY bin ./bin
COPY src ./src
COPY config ./config
COPY articles ./articles
RUN mkdir -p /data && chown node:node /data
USER node
VOLUME ["/data"]
EXPOSE 3000
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 3000) + '/healthz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
CMD ["node", "bin/parley.js", "start"]
