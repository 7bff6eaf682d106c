// Preloaded (node --import) into a server process started by bench/start-cost.ts, so the server's own code has no
// bench hook: answers "usage" (and "snapshot") over the fork IPC channel with the heap after two full collections (needs --expose-gc).
import { writeHeapSnapshot } from "node:v8";

if (process.send) {
  process.on("message", (message) => {
    // A heap snapshot of the started server, to see what its modules hold (START_SNAPSHOTS=dir).
    if (message?.op === "snapshot") {
      process.send({ type: "snapshot", file: writeHeapSnapshot(message.file) });
      return;
    }
    if (message?.op !== "usage") return;
    globalThis.gc?.();
    globalThis.gc?.();
    const { heapUsed, heapTotal, rss, external, arrayBuffers } = process.memoryUsage();
    process.send({ type: "usage", heapUsed, heapTotal, rss, external, arrayBuffers, gc: Boolean(globalThis.gc) });
  });
  // Not a reason to stay alive: the server's own handles decide when the process ends.
  process.channel?.unref();
}
