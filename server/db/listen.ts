// PostgreSQL LISTEN on a connection of its own, with the one thing a cache built on it must know: whether it hears
// everything now. postgres.js' own `listen` re-listens silently after a lost connection and gives up for good when that
// first attempt fails, so a listener could be deaf without anyone knowing; this one says `down` when the connection
// goes, tries again every RETRY_MS and says `up` only once LISTEN has answered.
import type { Logger } from "pino";

const RETRY_MS = 1000;

export interface ListenHandlers {
  /** A notification's payload. */
  heard(payload: string): void;
  /** LISTEN holds from now on: everything notified after this is heard. */
  up(): void;
  /** The connection is gone: notifications from now on may be missed until the next `up`. */
  down(): void;
}

export interface Listening {
  close(): Promise<void>;
}

export async function listenOn(
  databaseUrl: string,
  channel: string,
  handlers: ListenHandlers,
  logger: Pick<Logger, "warn" | "info">,
): Promise<Listening> {
  const { default: postgres } = await import("postgres");
  let closed = false;
  let retry: NodeJS.Timeout | undefined;
  let isUp = false;
  let failing = false;
  const down = () => {
    if (isUp) handlers.down();
    isUp = false;
  };
  // onnotify is the option postgres.js' own listen is built on (src/index.js), read by its option parser but not in
  // its types.
  const options = {
    max: 1,
    idle_timeout: 0,
    max_lifetime: null,
    connect_timeout: 5,
    fetch_types: false,
    onnotice: () => {},
    onnotify: (name: string, payload: string) => {
      if (name === channel) handlers.heard(payload);
    },
    onclose: () => {
      down();
      if (!closed) schedule();
    },
  };
  const client = postgres(databaseUrl, options as Parameters<typeof postgres>[1]);
  const subscribe = async () => {
    retry = undefined;
    if (closed) return;
    try {
      await client.unsafe(`LISTEN "${channel.replace(/"/g, '""')}"`);
      if (closed) return;
      if (!isUp) logger.info({ channel }, "listening for database notifications");
      isUp = true;
      failing = false;
      handlers.up();
    } catch (err) {
      // Once per outage: the tries every second after it say nothing new.
      if (isUp || !failing) logger.warn({ err, channel }, "listening for database notifications failed: trying again");
      failing = true;
      down();
      schedule();
    }
  };
  const schedule = () => {
    if (retry || closed) return;
    retry = setTimeout(() => void subscribe(), RETRY_MS);
    retry.unref();
  };
  await subscribe();
  return {
    close: async () => {
      closed = true;
      if (retry) clearTimeout(retry);
      down();
      await client.end({ timeout: 2 });
    },
  };
}
