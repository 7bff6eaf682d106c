// Builds the client into dist/client, which the server serves; in development proxies the API and socket to it.
import { fileURLToPath } from "node:url";
import react from "@vitejs/plugin-react";
import { defineConfig } from "vite";

// `npm run dev` listens on 3000 by default (server/config.ts).
const backend = "http://127.0.0.1:3000";

export default defineConfig({
  root: fileURLToPath(new URL("./client", import.meta.url)),
  plugins: [react()],
  build: {
    // Relative to root: the repository's dist/client, where server/app.ts looks for it.
    outDir: "../dist/client",
    emptyOutDir: true,
  },
  server: {
    proxy: {
      "/api": { target: backend },
      // No changeOrigin: the server lets a browser socket in only when its Origin matches the Host it sees.
      "/socket.io": { target: backend, ws: true },
    },
  },
});
