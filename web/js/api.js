// The page's one door to Python: a function per endpoint of web/py/<module>.py. No other hand-written module
// names a Python function; to add an endpoint, write it in web/py/ and add one line here.
//
// One casing rule at the boundary: names are converted, values are data.
//   - The names of a call's arguments go from the page's camelCase to Python's snake_case keyword arguments
//     (`maxEpochs` → `max_epochs`), and the keys of the object Python returns (and of every value a stream
//     yields) come back as camelCase (`test_loss` → `testLoss`).
//   - Only that one level is converted. Whatever lies deeper is data in its own documented format and crosses
//     unchanged: the playground's state as saved (state.js, camelCase settings such as `nPoints`, which Python
//     reads as they are), the core's model dicts, feature names ("sin_x1"), parameter names ("w1"), rows.
// Errors are the client's PyError (client.js): an InputError's key and params are for i18n.js, unconverted.
import { py } from "./boot.js";

const snake = (name) => name.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
const camel = (name) => name.replace(/_([a-z0-9])/g, (_, c) => c.toUpperCase());
const rename = (object, how) => Object.fromEntries(Object.entries(object).map(([k, v]) => [how(k), v]));
const fromPython = (value) => (value?.constructor === Object ? rename(value, camel) : value);

function call(method, args = {}) {
  return py.call(method, rename(args, snake)).then(fromPython);
}

// A generator in Python: onProgress(value) for every value it yields; {result: Promise, cancel()}.
function stream(method, args, onProgress) {
  const run = py.stream(method, rename(args, snake), (value) => onProgress(fromPython(value)));
  return { result: run.result.then(fromPython), cancel: run.cancel };
}

// web/py/lesson_page.py: every number of the lesson page.
export const lessonPage = {
  /** {weights, bias, x} → {x, weights, bias, total, output, curve: {z, f}} */
  neuron: (args) => call("lesson_page.neuron", args),
  /** {params: {w1..w6, b1..b3}, x} → {x, output, layers: [{weights, biases, a}]} */
  network: (args) => call("lesson_page.network", args),
  /** → {people: [rows], extent: {x1, x2}} */
  people: () => call("lesson_page.people"),
  /** {yPred} → {yTrue, loss, terms} */
  mse: (args) => call("lesson_page.mse", args),
  /** {param, person, learningRate} → the forward pass, the chain rule and one SGD update (see lesson_page.py) */
  backprop: (args) => call("lesson_page.backprop", args),
  /** {learningRate, epochs, seed}; onProgress({epoch, loss, log, model}) → stream */
  train: (args, onProgress) => stream("lesson_page.train", args, onProgress),
  /** {model, weight, height, units} → {people, extent, grid} */
  predict: (args) => call("lesson_page.predict", args),
};

// web/py/playground.py: the playground's data, models, grids and training. `state` is state.js's object.
export const playground = {
  /** {settings} → {points, extent} */
  generate: (args) => call("playground.generate", args),
  /** {text, settings} → {points, extent, task, count} */
  parseCsv: (args) => call("playground.parse_csv", args),
  /** {points, settings} → {points} with a new train/test split */
  resplit: (args) => call("playground.resplit", args),
  /** {points} → CSV text */
  toCsv: (args) => call("playground.to_csv", args),
  /** {settings} → a fresh model dict */
  newModel: (args) => call("playground.new_model", args),
  /** {state} → {output, neurons, inputs, side, thumb, loss, testLoss, accuracy, testAccuracy} */
  view: (args) => call("playground.view", args),
  /** {state, maxEpochs}; onProgress(snapshot) about once a frame → stream ending with {epoch, diverged?} */
  train: (args, onProgress) => stream("playground.train", args, onProgress),
  /** {state, point, layer, j, i} → the chain rule of one weight's gradient at one point */
  chain: (args) => call("playground.chain", args),
};

// web/py/export.py: checks of what comes back in, links, the model file and the notebook.
export const exportState = {
  /** {state} → {points, extent, model, epoch, history, log} made safe */
  checkState: (args) => call("export.check_state", args),
  /** {state, maxChars} → {data, weights, regenerates} */
  share: (args) => call("export.share", args),
  /** {settings, data, weights} → {points, model} */
  unshare: (args) => call("export.unshare", args),
  /** {model, features} → JSON text */
  modelJson: (args) => call("export.model_json", args),
  /** {text, settings} → {model, features, hidden, activations} */
  readModel: (args) => call("export.read_model", args),
  /** {state, lang, wheelUrl} → {text, filename, replays} */
  notebook: (args) => call("export.notebook", args),
};

// web/py/exercises.py: the lesson's coding exercises.
export const exercises = {
  /** {exercise, code} → {stdout, result, error, stopped} */
  run: (args) => call("exercises.run", args),
  /** {exercise, code} → {stdout, error, stopped, cases, passed} */
  check: (args) => call("exercises.check", args),
  /** {exercise} → the solution's source */
  solution: (args) => call("exercises.solution", args),
};
