// A classic script at the top of each page: starts the Python worker while the HTML is still being parsed,
// before the module graph has loaded (Pyodide takes seconds; every millisecond earlier counts).
// client.js takes the worker over, with the messages it sent in the meantime.
(() => {
  const worker = new Worker(new URL("pyworker.js", document.currentScript.src), { type: "module" });
  const queued = [];
  worker.onmessage = ({ data }) => queued.push(data);
  globalThis.perceptronLabEarlyWorker = { worker, queued };
})();
