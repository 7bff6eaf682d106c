// Libraries that most processes never use are required on first use instead of imported at start, so a process
// that never sends a webhook, reads a CSV, sees a second factor or talks to Redis keeps them out of its heap
// (docs/benchmarks.md, "Start"). require rather than import(): the callers are synchronous.
import { createRequire } from "node:module";

const requireFromServer = createRequire(import.meta.url);

/** A package's exports, required by the first call (node's module cache keeps them from then on). */
export function onFirstUse<T>(name: string): () => T {
  let loaded: T | undefined;
  return () => (loaded ??= requireFromServer(name) as T);
}
