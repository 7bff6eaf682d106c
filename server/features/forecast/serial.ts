// One refresh at a time, shared by whoever asks while it waits to start.

/**
 * Runs task strictly one at a time. A caller arriving while a run waits to start joins that run; one arriving while a
 * run is under way gets the next one, because the current run may have read the database before the caller's own
 * write committed. So every answer includes everything committed before it was asked for.
 */
export function serialised<T>(task: () => Promise<T>) {
  let tail: Promise<unknown> = Promise.resolve();
  let waiting: Promise<T> | undefined;
  return {
    run(): Promise<T> {
      if (waiting) return waiting;
      const start = () => {
        waiting = undefined;
        return task();
      };
      const next = tail.then(start, start);
      waiting = next;
      tail = next.catch(() => {});
      return next;
    },
    /** Resolves once nothing runs or waits (for shutdown). */
    idle: () => tail,
  };
}
