// Where a server's CPU went, from a V8 profile (`BENCH_NODE_ARGS="--cpu-prof --cpu-prof-dir=DIR"`): busy time per
// second (to find the measured window), busy time by kind of work and the top self frames, over a window of seconds
// from the profile's start. The figures docs/benchmarks.md gives under "Where the CPU goes" come from this.
//
//   npx tsx bench/profile.ts FILE.cpuprofile [--from 13] [--to 28] [--ops 300] [--top 30] [--timeline] [--kind http]
//
// --kind keeps the top frames to the kinds of work whose name contains it, each frame with the caller it was
// entered from outside its own package (where in the app that work starts).
// --ops divides the busy time by the operations in the window (changes, match calls) for a figure per operation.
// V8 samples wall time: on a busy machine every figure is inflated alike, so compare shares, or runs taken together.
import { readFileSync } from "node:fs";
import { parseArgs } from "node:util";

interface Frame {
  functionName: string;
  url: string;
  lineNumber: number;
}
interface Profile {
  nodes: { id: number; callFrame: Frame; children?: number[] }[];
  samples: number[];
  timeDeltas: number[];
}

// First match along the stack from the leaf up names a sample's kind; the order matters (a socket write inside a
// broadcast is delivery, a statement inside a request is the database).
const KINDS: [string, (f: Frame) => boolean][] = [
  ["delivery: socket.io broadcast to the sockets", (f) => f.functionName === "broadcast" && f.url.includes("adapter")],
  ["database: PGlite (its JS and wasm)", (f) => f.url.includes("pglite") || f.url.startsWith("wasm")],
  [
    "delivery: socket writes completing",
    (f) => ["afterWriteTick", "onDrain", "WebSocket._onSentLast", "onwrite"].includes(f.functionName),
  ],
  ["database client: postgres.js", (f) => f.url.includes("node_modules/postgres/")],
  ["drizzle", (f) => f.url.includes("drizzle-orm")],
  [
    "HTTP: node, express, router, body, helmet, pino-http",
    (f) =>
      f.url.startsWith("node:_http") ||
      /node_modules\/(express|router|body-parser|raw-body|helmet|pino-http|on-finished|finalhandler)\//.test(f.url),
  ],
  [
    "redis: ioredis and the socket.io adapter",
    (f) => /node_modules\/(ioredis|@socket\.io\/redis-adapter)\//.test(f.url),
  ],
];

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    from: { type: "string" },
    to: { type: "string" },
    ops: { type: "string" },
    top: { type: "string", default: "30" },
    timeline: { type: "boolean", default: false },
    kind: { type: "string" },
  },
});
const file = positionals[0];
if (!file) {
  console.error("usage: npx tsx bench/profile.ts FILE.cpuprofile [--from s] [--to s] [--ops n] [--top n] [--timeline]");
  process.exit(2);
}
const profile = JSON.parse(readFileSync(file, "utf8")) as Profile;
const from = Number(values.from ?? 0) * 1e6;
const to = values.to === undefined ? Number.POSITIVE_INFINITY : Number(values.to) * 1e6;
const ops = values.ops === undefined ? undefined : Number(values.ops);

const frameOf = new Map(profile.nodes.map((n) => [n.id, n.callFrame]));
const parentOf = new Map<number, number>();
for (const n of profile.nodes) for (const child of n.children ?? []) parentOf.set(child, n.id);
const label = (f: Frame) =>
  `${f.functionName || "(anonymous)"} ${f.url.replace(/.*node_modules\//, "").replace(/.*\/dist\/bench\/\d+\//, "")}:${f.lineNumber}`;

function kindOf(id: number): string {
  if (frameOf.get(id)?.functionName === "(garbage collector)") return "garbage collector";
  for (let at: number | undefined = id; at !== undefined; at = parentOf.get(at)) {
    const frame = frameOf.get(at) as Frame;
    for (const [kind, test] of KINDS) if (test(frame)) return kind;
  }
  return "app code, node internals, other";
}

const packageOf = (f: Frame) => /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(f.url)?.[1] ?? f.url;

/** The nearest caller up the stack outside the leaf's own package: where that package's work was asked for. */
function entryOf(id: number): string {
  const own = packageOf(frameOf.get(id) as Frame);
  for (let at = parentOf.get(id); at !== undefined; at = parentOf.get(at)) {
    const frame = frameOf.get(at) as Frame;
    if (packageOf(frame) !== own) return label(frame);
  }
  return "(root)";
}

const perSecond = new Map<number, number>();
const byKind = new Map<string, number>();
const bySelf = new Map<string, number>();
let busy = 0;
let elapsed = 0;
for (let i = 0; i < profile.samples.length; i++) {
  const delta = profile.timeDeltas[i] ?? 0;
  elapsed += delta;
  const id = profile.samples[i] as number;
  if (frameOf.get(id)?.functionName === "(idle)") continue;
  const second = Math.floor(elapsed / 1e6);
  perSecond.set(second, (perSecond.get(second) ?? 0) + delta);
  if (elapsed < from || elapsed > to) continue;
  busy += delta;
  const kind = kindOf(id);
  byKind.set(kind, (byKind.get(kind) ?? 0) + delta);
  if (values.kind && !kind.toLowerCase().includes(values.kind.toLowerCase())) continue;
  const self = values.kind ? `${label(frameOf.get(id) as Frame)}  <-  ${entryOf(id)}` : label(frameOf.get(id) as Frame);
  bySelf.set(self, (bySelf.get(self) ?? 0) + delta);
}

const ms = (us: number) => (us / 1e3).toFixed(0).padStart(7);
const share = (us: number) => `${((100 * us) / busy).toFixed(1).padStart(5)}%`;
const perOp = (us: number) => (ops ? `${(us / 1e3 / ops).toFixed(2).padStart(7)} ms/op` : "");
const sorted = (m: Map<string, number>) => [...m].sort((a, b) => b[1] - a[1]);

if (values.timeline) {
  console.log("busy ms per second from the profile's start:");
  console.log([...perSecond].map(([s, us]) => `${s}:${(us / 1e3).toFixed(0)}`).join(" "));
}
console.log(
  `\nwindow ${from / 1e6}-${Number.isFinite(to) ? to / 1e6 : "end"} s: busy ${ms(busy).trim()} ms ${perOp(busy)}`,
);
console.log("\nby kind of work:");
for (const [kind, us] of sorted(byKind)) console.log(`${ms(us)} ms ${share(us)} ${perOp(us)}  ${kind}`);
console.log(
  values.kind ? `\ntop self frames of "${values.kind}", each with where it was entered:` : `\ntop self frames:`,
);
for (const [self, us] of sorted(bySelf).slice(0, Number(values.top))) console.log(`${ms(us)} ms ${share(us)}  ${self}`);
