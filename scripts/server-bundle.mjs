// How the server is bundled, by scripts/build-server.mjs for `npm start` and by bench/build.ts for the benches' server
// processes: ESM for node 20, with source maps; dependencies left in node_modules except the few bundled below.
// What a process holds at start is mostly code: every module's source text stays in the heap, and with
// --enable-source-maps every module's source map too (docs/benchmarks.md, start heap).
// A JSON import, not a read beside this file: bench scripts that import this are bundled themselves (bench/build.ts),
// and esbuild inlines the manifest where a path relative to import.meta.url would point into dist/bench.
import manifest from "../package.json" with { type: "json" };

// drizzle-orm's ~110 ESM files each bring a source map holding the library's TypeScript sources, read into the heap
// with the file; zod's ~100 files and zod-openapi share its one copy. Bundled they are one text without whitespace
// (about 2 MiB of heap less at start). A bundled package is one copy per bundle: never import it from node_modules too.
const BUNDLED = new Set(["drizzle-orm", "zod", "zod-openapi"]);
const external = Object.keys({ ...manifest.dependencies, ...manifest.devDependencies })
  .filter((name) => !BUNDLED.has(name))
  .flatMap((name) => [name, `${name}/*`]);

export const SERVER_BUNDLE = {
  bundle: true,
  platform: "node",
  format: "esm",
  target: "node20",
  external,
  // A bundled module imported with import() goes into its own file, with the external imports it needs: drizzle's
  // PGlite driver (server/db/client.ts) would otherwise hoist PGlite's import to the top of main.js.
  splitting: true,
  // Names stay (stack traces, pino's error type); only the spaces go from the source text each process holds.
  minifyWhitespace: true,
  sourcemap: true,
  // Stack traces are mapped by position (node --enable-source-maps): the map needs no copy of the sources, which the
  // process would otherwise hold in its heap for as long as it runs (about 1.5 MiB).
  sourcesContent: false,
  // No keepNames: it wraps every function and class in a __name() call, also each closure made in a hot path. Classes
  // keep their names anyway while no two bundled classes share one (pino's error type is the constructor's name);
  // a function esbuild renamed for a clash (audit2) still shows its place in the source in a stack trace.
  logLevel: "warning",
};
