# Shopdesk production image. Needs REDIS_URL: the in-process store keeps nothing across restarts.
# Build: docker build -t shopdesk .   Run: docker run -e REDIS_URL=redis://redis:6379 -p 3000:3000 shopdesk

FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json .npmrc ./
RUN npm ci --ignore-scripts --no-audit --no-fund
COPY tsconfig.json ./
COPY src ./src
COPY adapters ./adapters
COPY flows ./flows
RUN npm run build

FROM node:20-bookworm-slim AS runtime
ENV NODE_ENV=production HOST=0.0.0.0 PORT=3000
WORKDIR /app
COPY package.json package-lock.json .npmrc ./
RUN npm ci --omit=dev --ignore-scripts --no-audit --no-fund && npm cache clean --force
COPY --from=build /app/dist ./dist
# Runtime data read from the source tree: the example shop config, the web chat page and the console.
COPY flows/shop.example.yaml ./flows/shop.example.yaml
COPY flows/faq/training ./flows/faq/training
COPY adapters/web/public ./adapters/web/public
COPY src/http/console ./src/http/console
COPY src/store/lua ./src/store/lua
USER node
EXPOSE 3000
HEALTHCHECK --interval=15s --timeout=3s --start-period=10s --retries=3 \
  CMD node -e "fetch('http://127.0.0.1:'+(process.env.PORT||3000)+'/healthz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"
# 64 MB young generation: a turn's garbage dies young, and fewer scavenges gave about 15% more replies/s (BENCHMARKS.md).
CMD ["node", "--max-semi-space-size=64", "dist/src/cli.js", "start"]
