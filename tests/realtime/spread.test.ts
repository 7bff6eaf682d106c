import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { spreadOver } from "../../server/realtime/convergence.js";

describe("heads spread over the interval", () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  const items = Array.from({ length: 10_000 }, (_, i) => i);

  it("when ten thousand sockets are due a head, then each gets exactly one, in slices across the time given", async () => {
    const spread = spreadOver(1500);
    const sent: number[] = [];
    spread(items, (i) => sent.push(i));

    await vi.advanceTimersByTimeAsync(0);
    // Not all at once: the first slice only.
    expect(sent.length).toBeGreaterThan(0);
    expect(sent.length).toBeLessThanOrEqual(items.length / 50);
    await vi.advanceTimersByTimeAsync(750);
    expect(sent.length).toBeGreaterThan(items.length / 3);
    expect(sent.length).toBeLessThan(items.length);
    await vi.advanceTimersByTimeAsync(750);
    expect(sent).toEqual(items);
  });

  it("when the next tick comes before the last spread ended, or the server stops, then what was left is dropped", async () => {
    const spread = spreadOver(1000);
    const first: number[] = [];
    const second: number[] = [];
    spread(items, (i) => first.push(i));
    await vi.advanceTimersByTimeAsync(400);
    spread(items, (i) => second.push(i));
    await vi.advanceTimersByTimeAsync(2000);
    expect(first.length).toBeLessThan(items.length);
    expect(second).toEqual(items);

    const third: number[] = [];
    spread(items, (i) => third.push(i));
    spread.cancel();
    await vi.advanceTimersByTimeAsync(2000);
    expect(third).toEqual([]);
  });
});
