// Runs a task at most once per interval however often it is asked, never two at once, and once more after the last
// ask, so the final state is always pushed.
export function throttled(task: () => Promise<void>, intervalMs: number, onError: (err: unknown) => void) {
  let timer: NodeJS.Timeout | undefined;
  let running = false;
  let dirty = false;
  let stopped = false;
  const schedule = () => {
    if (!timer && !running && !stopped) timer = setTimeout(run, intervalMs);
  };
  const run = () => {
    timer = undefined;
    dirty = false;
    running = true;
    task()
      .catch(onError)
      .finally(() => {
        running = false;
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
