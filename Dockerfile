# The app image for scale-out: the same server the quick start runs, on PostgreSQL + Redis.
FROM node:20-bookworm-slim
WORKDIR /app
COPY package.json package-lock.json ./
# npm ci applies these (postinstall: patch-package): fixes to dependencies not yet released upstream.
COPY patches ./patches
RUN npm ci
COPY . .
# The client into dist/client and the server into dist/server (scripts/build-server.mjs): no TypeScript at run time.
RUN npm run build
ENV HOST=0.0.0.0 PORT=3000 NODE_ENV=production
EXPOSE 3000
# Without DATABASE_URL the embedded database lives in /app/data (mount a volume there to keep it).
RUN mkdir -p /app/data && chown node /app/data
USER node
CMD ["node", "--enable-source-maps", "dist/server/main.js"]
