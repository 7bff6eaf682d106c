// Runs a task at most once per interval however often it is asked, and once more after the last ask.
export function throttled(task: () => Promise<void>, intervalMs: number, onError: (err: unknown) => void) {
  let timer: NodeJS.Timeout | undefined;
  let again = false;
  const run = () => {
    timer = undefined;
    task()
      .catch(onError)
      .finally(() => {
        if (!again) return;
        again = false;
        timer = setTimeout(run, intervalMs);
      });
  };
  return {
    poke() {
      if (timer) again = true;
      else timer = setTimeout(run, intervalMs);
    },
    stop() {
      clearTimeout(timer);
    },
  };
}
