import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { throttled } from "../../server/realtime/throttle.js";

describe("throttled summary push", () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  /** A task that takes `ms` and records how many copies of itself run at once. */
  function slowTask(ms: number) {
    const seen = { runs: 0, running: 0, maxRunning: 0, finished: 0 };
    const task = async () => {
      seen.runs += 1;
      seen.running += 1;
      seen.maxRunning = Math.max(seen.maxRunning, seen.running);
      await new Promise((resolve) => setTimeout(resolve, ms));
      seen.running -= 1;
      seen.finished += 1;
    };
    return { seen, task };
  }

  it("when changes keep coming while the push is slower than the interval, then pushes never overlap or pile up", async () => {
    const { seen, task } = slowTask(300);
    const push = throttled(task, 100, () => {});
    for (let t = 0; t < 4_000; t += 5) {
      push.poke();
      await vi.advanceTimersByTimeAsync(5);
    }
    expect(seen.maxRunning).toBe(1);
    // One run per interval + run time (400 ms) at most: a backlog would show as many more.
    expect(seen.runs).toBeLessThanOrEqual(11);
    expect(seen.runs).toBeGreaterThanOrEqual(9);
  });

  it("when nothing was pushed for a while, then a change is pushed at once", async () => {
    const { seen, task } = slowTask(50);
    const push = throttled(task, 1_000, () => {});
    push.poke();
    await vi.advanceTimersByTimeAsync(1);
    expect(seen.runs).toBe(1);
  });

  it("when the last change arrives during a push, then one more push follows it, an interval after", async () => {
    const { seen, task } = slowTask(50);
    const push = throttled(task, 100, () => {});
    push.poke();
    await vi.advanceTimersByTimeAsync(10);
    expect(seen.running).toBe(1);
    push.poke();
    await vi.advanceTimersByTimeAsync(100);
    expect(seen.runs).toBe(1);
    await vi.advanceTimersByTimeAsync(1_000);
    expect(seen.finished).toBe(2);
    await vi.advanceTimersByTimeAsync(1_000);
    expect(seen.runs).toBe(2);
  });

  it("when stopped, then nothing runs any more", async () => {
    const { seen, task } = slowTask(10);
    const push = throttled(task, 100, () => {});
    push.poke();
    push.stop();
    push.poke();
    await vi.advanceTimersByTimeAsync(1_000);
    expect(seen.runs).toBe(0);
  });
});
