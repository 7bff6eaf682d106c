// The Redis clients of a node that scales out (REDIS_URL): the socket.io adapter's publisher and subscriber, and a
// client for the shared login throttle. A single node never loads ioredis.
import type { Redis } from "ioredis";
import type { Logger } from "pino";
import { onFirstUse } from "../on-first-use.js";

/** QUIT when connected; a client still waiting for Redis would queue QUIT behind its retries forever: drop it. */
export async function closeRedis(client: Redis) {
  if (client.status !== "ready") return client.disconnect();
  await client.quit().catch(() => client.disconnect());
}

// ioredis (about 1 MiB of heap) is required only when REDIS_URL is set: a single node never loads it.
const ioredis = onFirstUse<typeof import("ioredis")>("ioredis");

export function connectRedis(url: string, logger: Logger, onError: () => void) {
  // The adapter's pair queues while Redis is away (a broadcast published late is replayed past by seq on clients);
  // the throttle's client fails at once instead, so a login never waits for Redis.
  const { Redis } = ioredis();
  const pub = new Redis(url, { maxRetriesPerRequest: null });
  const sub = pub.duplicate();
  const store = pub.duplicate({ enableOfflineQueue: false, maxRetriesPerRequest: 1 });
  const clients = { pub, sub, store };
  for (const client of Object.values(clients))
    client.on("error", (err) => {
      onError();
      logger.warn({ err: err.message }, "redis error");
    });
  catchUnawaited(pub, logger);
  catchUnawaited(sub, logger);
  return clients;
}

/**
 * The socket.io adapter publishes and (un)subscribes without looking at the reply (a broadcast is best effort: clients
 * replay past a gap by seq), and ioredis resubscribes by itself after a reconnect. While Redis is away these commands
 * wait in the offline queue, and when the client is closed they fail with "Connection is closed.": with nobody to
 * catch them, each was an unhandled rejection. Catch every command's reply where the client sends it; a caller that
 * awaits a command still gets its rejection.
 */
function catchUnawaited(client: Redis, logger: Logger) {
  const send = client.sendCommand.bind(client);
  client.sendCommand = (command, stream) => {
    const reply = send(command, stream);
    Promise.resolve(reply).catch((err: Error) =>
      logger.debug({ command: command.name, err: err.message }, "redis command failed"),
    );
    return reply;
  };
}
