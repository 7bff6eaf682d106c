// Where the real services of the test run live, and whether they answer. In CI a missing service fails the run.
import { randomBytes } from "node:crypto";
import net from "node:net";

export const TEST_POSTGRES_URL = process.env.TEST_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";
export const TEST_REDIS_URL = process.env.TEST_REDIS_URL ?? "redis://127.0.0.1:6379";
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
/**
 * Test files run side by side on the one Redis: each file's servers get their own channels and keys (vitest loads
 * this module anew per file), so a logout reaching `gebruiker:...` or a throttle count in one file never reaches a
 * server of another. Servers of the same file share it, as the nodes of one deployment do.
 */
export const TEST_REDIS_KEY_PREFIX = `test-${randomBytes(4).toString("hex")}:`;

export function reachable(url: string, timeoutMs = 1000): Promise<boolean> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve) => {
    const socket = net.connect({ host: hostname, port: Number(port) });
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once("connect", () => done(true));
    socket.once("error", () => done(false));
  });
}
