// Runs a task at once when it has been idle, then at most once per interval however often it is asked, never two
// at once, and once more after the last ask, so the final state is always pushed. The interval is counted from the
// end of a run, so a slow task cannot take more than its share of the process.
export function throttled(task: () => Promise<void>, intervalMs: number, onError: (err: unknown) => void) {
  let timer: NodeJS.Timeout | undefined;
  let running = false;
  let dirty = false;
  let stopped = false;
  let lastEnd = Number.NEGATIVE_INFINITY;
  const schedule = () => {
    if (timer || running || stopped) return;
    timer = setTimeout(run, Math.max(0, lastEnd + intervalMs - Date.now()));
  };
  const run = () => {
    timer = undefined;
    dirty = false;
    running = true;
    task()
      .catch(onError)
      .finally(() => {
        running = false;
        lastEnd = Date.now();
        if (dirty) schedule();
      });
  };
  return {
    poke() {
      dirty = true;
      schedule();
    },
    stop() {
      stopped = true;
      clearTimeout(timer);
    },
  };
}
