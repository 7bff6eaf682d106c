// Two tiny TCP proxies for the fault tests. The round-robin one stands in for the load balancer of a real deployment
// (nginx in deploy/nginx.conf): each new connection goes to the next backend, a backend that refuses is skipped, so
// clients of a killed node reconnect through it to a live one. The cuttable one sits between the nodes and
// PostgreSQL: cut() drops every connection and refuses new ones; stall() keeps them open but passes nothing on, as a
// network partition does; restore() undoes either on the same port.
import net from "node:net";

export interface Backend {
  host: string;
  port: number;
}

export interface TcpProxy {
  port: number;
  close(): Promise<void>;
}

export interface LoadBalancer extends TcpProxy {
  /** The next answer any backend sends is dropped and its connection cut: the change was made, the client never hears. */
  loseNextAnswer(): void;
}

export interface CuttableProxy extends TcpProxy {
  cut(): Promise<void>;
  stall(): void;
  restore(): Promise<void>;
}

interface Pair {
  client: net.Socket;
  upstream: net.Socket;
}

function listen(server: net.Server, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, "127.0.0.1", () => {
      server.off("error", reject);
      resolve((server.address() as net.AddressInfo).port);
    });
  });
}

function join({ client, upstream }: Pair) {
  client.pipe(upstream).pipe(client);
  client.resume();
}

function separate({ client, upstream }: Pair) {
  client.unpipe(upstream);
  upstream.unpipe(client);
  client.pause();
  upstream.pause();
}

/** Pipes client to the first backend (from `order`) that accepts; destroys the client when none does. */
function relay(
  client: net.Socket,
  order: Backend[],
  pairs: Set<Pair>,
  stalled: () => boolean,
  tap?: (pair: Pair) => void,
) {
  client.on("error", () => client.destroy());
  client.pause();
  const attempt = (i: number) => {
    const backend = order[i];
    if (!backend || client.destroyed) return void client.destroy();
    const upstream = net.connect(backend.port, backend.host);
    let connected = false;
    upstream.once("connect", () => {
      connected = true;
      const pair = { client, upstream };
      pairs.add(pair);
      client.on("close", () => {
        pairs.delete(pair);
        upstream.destroy();
      });
      upstream.on("close", () => client.destroy());
      tap?.(pair);
      if (!stalled()) join(pair);
    });
    upstream.on("error", () => {
      if (connected) return void client.destroy();
      upstream.destroy();
      attempt(i + 1);
    });
  };
  attempt(0);
}

export async function startRoundRobinProxy(backends: Backend[]): Promise<LoadBalancer> {
  const pairs = new Set<Pair>();
  let next = 0;
  let loseAnswer = false;
  // Runs before the pipe's own listener, so a dropped chunk never reaches the client.
  const tap = ({ client, upstream }: Pair) =>
    upstream.on("data", () => {
      if (!loseAnswer) return;
      loseAnswer = false;
      client.destroy();
      upstream.destroy();
    });
  const server = net.createServer((client) => {
    const start = next++ % backends.length;
    relay(client, [...backends.slice(start), ...backends.slice(0, start)], pairs, () => false, tap);
  });
  const port = await listen(server, 0);
  return {
    port,
    loseNextAnswer: () => {
      loseAnswer = true;
    },
    close: async () => {
      for (const { client } of pairs) client.destroy();
      server.close();
    },
  };
}

export async function startCuttableProxy(backend: Backend): Promise<CuttableProxy> {
  const pairs = new Set<Pair>();
  let stalled = false;
  const makeServer = () => net.createServer((client) => relay(client, [backend], pairs, () => stalled));
  let server: net.Server | undefined = makeServer();
  const port = await listen(server, 0);
  const cut = async () => {
    const closing = server;
    server = undefined;
    for (const { client } of pairs) client.destroy();
    if (closing) await new Promise<void>((resolve) => closing.close(() => resolve()));
  };
  return {
    port,
    cut,
    stall: () => {
      stalled = true;
      for (const pair of pairs) separate(pair);
    },
    restore: async () => {
      if (stalled) {
        stalled = false;
        for (const pair of pairs) join(pair);
      }
      if (server) return;
      server = makeServer();
      await listen(server, port);
    },
    close: cut,
  };
}
