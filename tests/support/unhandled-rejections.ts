// vitest setupFiles entry: a promise left to reject unhandled while a test file runs (the in-process server forgot to
// catch one) fails that file, naming the rejection and the test that was running. Without it vitest reports it as an
// error of the whole run, after every file passed, and only under the load that happens to trigger it.
import { afterAll, afterEach, beforeEach } from "vitest";

interface Rejection {
  test: string | undefined;
  reason: unknown;
}

const rejections: Rejection[] = [];
let currentTest: string | undefined;
beforeEach((context) => {
  currentTest = context.task.name;
});
afterEach(() => {
  currentTest = undefined;
});
// While this listener is registered vitest leaves unhandled rejections to it (its own listener steps back when another
// exists); once it is removed below, vitest reports any later one run-wide, as before.
const record = (reason: unknown) => {
  rejections.push({ test: currentTest, reason });
};
process.on("unhandledRejection", record);

afterAll(async () => {
  // Node reports a rejection once the microtasks of the task that left it are done: let that happen for the last ones.
  await new Promise((resolve) => setImmediate(resolve));
  process.off("unhandledRejection", record);
  if (rejections.length === 0) return;
  const found = rejections.splice(0).map(describe);
  throw new Error(`${found.length} unhandled rejection(s) while this file ran:\n${found.join("\n")}`);
});

function describe({ test, reason }: Rejection): string {
  const where = test ? ` (during "${test}")` : " (outside a test: a hook or teardown)";
  if (!(reason instanceof Error)) return `- ${String(reason)}${where}`;
  // The first frames say where the promise was made; the rest is the runtime's own machinery.
  const frames = (reason.stack ?? "").split("\n").slice(1, 4).join("\n");
  return `- ${reason.name}: ${reason.message}${where}\n${frames}`;
}
