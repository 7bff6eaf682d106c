// How the server is bundled, by scripts/build-server.mjs for `npm start` and by bench/build.ts for the benches' server
// processes: one ESM file per entry point for node 20, dependencies left in node_modules, with source maps.
export const SERVER_BUNDLE = {
  bundle: true,
  platform: "node",
  format: "esm",
  target: "node20",
  packages: "external",
  sourcemap: true,
  // Stack traces are mapped by position (node --enable-source-maps): the map needs no copy of the sources, which the
  // process would otherwise hold in its heap for as long as it runs (about 1.5 MiB).
  sourcesContent: false,
  // No keepNames: it wraps every function and class in a __name() call, also each closure made in a hot path. Classes
  // keep their names anyway while no two bundled classes share one (pino's error type is the constructor's name);
  // a function esbuild renamed for a clash (audit2) still shows its place in the source in a stack trace.
  logLevel: "warning",
};
