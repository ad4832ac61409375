// When the Python worker dies after it had started (out of memory, a bug in a native module), start a new one.
// The pages keep their state outside the worker, so a fresh worker is all they need: each page listens for
// "ready" and redraws from its state. A worker that never started is boot.js's to report, and one that keeps
// dying is left alone after a few tries rather than restarted in a loop.
const MAX_RESTARTS = 3;

export function watchWorker(py, onDeath) {
  let restarts = 0;
  py.events.addEventListener("fatal", (e) => {
    if (!py.info || restarts >= MAX_RESTARTS) return;
    restarts++;
    onDeath(e.detail?.error || "?");
    setTimeout(() => py.restart().catch(() => {}), 0); // after the other "fatal" listeners have run
  });
}
