// When a Python worker dies after it had started (its interpreter exited or ran out of memory, a bug in a
// native module), start a new one. The pages keep their state outside the worker, so a fresh worker is all
// they need: each page listens for "ready" and redraws from its state. A worker that never started is
// boot.js's to report, and one that keeps dying before it is ready again is left alone after a few tries
// rather than restarted in a loop.
const MAX_RESTARTS = 3;
const told = new Map(); // py → what each page does when its worker died; the lesson and the playground share one

export function watchWorker(py, onDeath) {
  if (!told.has(py)) {
    told.set(py, []);
    let restarts = 0;
    py.events.addEventListener("ready", () => { restarts = 0; });
    py.events.addEventListener("fatal", (e) => {
      if (!py.info || restarts >= MAX_RESTARTS) return;
      restarts++;
      for (const f of told.get(py)) f(e.detail?.error || "?");
      setTimeout(() => py.restart().catch(() => {}), 0); // after the other "fatal" listeners have run
    });
  }
  told.get(py).push(onDeath);
}

// The notice of a death for a page's list: {key: died, params}, "it is being restarted", which becomes `back`,
// "it was restarted", once the new worker is ready; then show() shows the list again.
export function deathNotice(py, [died, back], error, show) {
  const notice = { key: died, params: { error } };
  py.events.addEventListener("ready", () => {
    notice.key = back;
    show();
  }, { once: true });
  return notice;
}
