// How the server is bundled, by scripts/build-server.mjs for `npm start` and by bench/build.ts for the benches' server
// processes: one ESM file per entry point for node 20, dependencies left in node_modules, with source maps.
export const SERVER_BUNDLE = {
  bundle: true,
  platform: "node",
  format: "esm",
  target: "node20",
  packages: "external",
  sourcemap: true,
  // Names stay as written: stack traces and pino's error types read as in the source.
  keepNames: true,
  logLevel: "warning",
};
