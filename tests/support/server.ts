// Starts the app in-process on a free port with a fresh database: a test file needs three lines of setup.
import type { AddressInfo } from "node:net";
import { type Logger, pino } from "pino";
import { io as connect, type Socket } from "socket.io-client";
import { afterAll, beforeAll } from "vitest";
import { type App, type AppDeps, createApp } from "../../server/app.js";
import { loadConfig } from "../../server/config.js";
import type { Role } from "../../shared/domain.js";
import type { CapacityEvent } from "../../shared/schemas/capacity.js";
import type { ClientToServerEvents, ServerToClientEvents } from "../../shared/schemas/realtime.js";
import { type Caller, headersOf, loginAs } from "./auth.js";
import { type Backend, createTestDatabase, type TestDatabase } from "./database.js";
import { TEST_REDIS_KEY_PREFIX } from "./services.js";

export interface TestServer {
  url: string;
  app: App;
  database: TestDatabase;
  close(): Promise<void>;
}

/** logger: the app's logger (e.g. server/logger.ts createLogger into a captured stream); default silent pino. */
export type StartOptions = {
  clientDir?: string;
  env?: Record<string, string>;
  logger?: Logger;
  /** The mail worker's back-off and lease, shortened for a test. */
  mailTuning?: AppDeps["mailTuning"];
  /** startTestServer: fills the fresh database before the app starts (e.g. a history the app reads at startup). */
  prepare?: (database: TestDatabase) => Promise<void>;
};

export async function startTestServer(backend: Backend, options: StartOptions = {}): Promise<TestServer> {
  const database = await createTestDatabase(backend);
  await options.prepare?.(database);
  const server = await startAppOn(database, options);
  return {
    ...server,
    database,
    close: async () => {
      await server.close();
      await database.close();
    },
  };
}

/**
 * For a describe block: a server on a fresh database and one caller signed in with `role`, started before its tests and
 * closed after them. Read both from the returned object inside the tests (they are set in beforeAll).
 */
export function serverSignedInAs(
  backend: Backend,
  role: Role,
): { readonly server: TestServer; readonly caller: Caller } {
  const setup = {} as { server: TestServer; caller: Caller };
  beforeAll(async () => {
    setup.server = await startTestServer(backend);
    setup.caller = await loginAs(setup.server, role);
  });
  afterAll(async () => setup.server?.close());
  return setup;
}

/**
 * The app on a database that is already open, on a free port: also a second process behind the load balancer, which
 * shares nothing with the first but the database.
 */
export async function startAppOn(
  database: TestDatabase,
  options: StartOptions = {},
): Promise<{ url: string; app: App; close(): Promise<void> }> {
  const app = createApp({
    database,
    logger: options.logger ?? pino({ level: process.env.TEST_LOG_LEVEL ?? "silent" }),
    // Two-factor sign-in is on by default for regisseur and beheerder; tests sign in with a password unless they test it.
    config: loadConfig({ REDIS_KEY_PREFIX: TEST_REDIS_KEY_PREFIX, MFA_REQUIRED_ROLES: "", ...options.env }),
    clientDir: options.clientDir ?? "/nonexistent",
    mailTuning: options.mailTuning,
  });
  await new Promise<void>((resolve) => app.httpServer.listen(0, "127.0.0.1", resolve));
  const { port } = app.httpServer.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, app, close: () => app.close() };
}

export type ClientSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

export async function connectSocket(
  url: string,
  as: Caller | undefined,
  options: { origin?: string } = {},
): Promise<ClientSocket> {
  const headers: Record<string, string> = { ...(options.origin ? { origin: options.origin } : {}) };
  if (as && "cookie" in as) headers.cookie = as.cookie;
  const socket: ClientSocket = connect(url, {
    transports: ["websocket"],
    forceNew: true,
    reconnectionDelay: 50,
    reconnectionDelayMax: 200,
    extraHeaders: headers,
    auth: as && "token" in as ? { token: as.token } : {},
  });
  await new Promise<void>((resolve, reject) => {
    socket.once("connect", () => resolve());
    socket.once("connect_error", reject);
  });
  return socket;
}

/** Resolves with the first pushed capacity event that matches, or rejects after timeoutMs. */
export function nextEvent(
  socket: ClientSocket,
  match: (e: CapacityEvent) => boolean = () => true,
  timeoutMs = 5000,
): Promise<CapacityEvent> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      socket.off("capacity:changed", listener);
      reject(new Error("no matching capacity event arrived"));
    }, timeoutMs);
    const listener = (e: CapacityEvent) => {
      if (!match(e)) return;
      clearTimeout(timer);
      socket.off("capacity:changed", listener);
      resolve(e);
    };
    socket.on("capacity:changed", listener);
  });
}

/** Polls until check() is true; for convergence after a replay. */
export async function eventually(check: () => boolean | Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error("condition not reached in time");
    await new Promise((r) => setTimeout(r, 20));
  }
}

export async function api<T = unknown>(
  url: string,
  path: string,
  init: { method?: string; body?: unknown; rawBody?: string; as?: Caller; headers?: Record<string, string> } = {},
): Promise<{ status: number; body: T; headers: Headers }> {
  const response = await fetch(`${url}${path}`, {
    method: init.method ?? (init.body === undefined && init.rawBody === undefined ? "GET" : "POST"),
    headers: { "content-type": "application/json", ...headersOf(init.as), ...init.headers },
    body: init.rawBody ?? (init.body === undefined ? undefined : JSON.stringify(init.body)),
  });
  const text = await response.text();
  const json = response.headers.get("content-type")?.includes("json");
  return { status: response.status, body: (json && text ? JSON.parse(text) : text) as T, headers: response.headers };
}
