// The page's one door to Python: a function per endpoint of web/py/<module>.py. No other hand-written module
// names a Python function; to add an endpoint, write it in web/py/ and add its name and a line saying what it
// takes and gives here.
//
// One casing rule at the boundary: names are converted, values are data.
//   - The names of a call's arguments go from the page's camelCase to Python's snake_case keyword arguments
//     (`maxEpochs` → `max_epochs`), and the keys of the object Python returns (and of every value a stream
//     yields) come back as camelCase (`test_loss` → `testLoss`).
//   - Only that one level is converted. Whatever lies deeper is data in its own documented format and crosses
//     unchanged: the playground's state as saved (state.js, camelCase settings such as `nPoints`, which Python
//     reads as they are), the core's model dicts, feature names ("sin_x1"), parameter names ("w1"), rows.
// Errors are the client's PyError (client.js): an InputError's key and params are for i18n.js, unconverted.
import { py, studentPython } from "./boot.js";

const snake = (name) => name.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
const camel = (name) => name.replace(/_([a-z0-9])/g, (_, c) => c.toUpperCase());
const rename = (object, how) => Object.fromEntries(Object.entries(object).map(([k, v]) => [how(k), v]));
const fromPython = (value) => (value?.constructor === Object ? rename(value, camel) : value);

function call(method, args = {}, client = py) {
  return client.call(method, rename(args, snake)).then(fromPython);
}

function stream(method, args, onProgress) {
  const run = py.stream(method, rename(args, snake), (value) => onProgress(fromPython(value)));
  return { result: run.result.then(fromPython), cancel: run.cancel };
}

// The functions of web/py/<module>.py by their camelCase names: those in `calls` answer once, fn(args) → a
// Promise of the result; those in `streams` are Python generators, fn(args, onProgress) → {result, cancel()}
// with onProgress(value) for every value yielded.
function endpoints(module, calls, streams = []) {
  const named = (names, how) => names.map((fn) => [camel(fn), (args, onProgress) => how(`${module}.${fn}`, args, onProgress)]);
  return Object.fromEntries([...named(calls, call), ...named(streams, stream)]);
}

// Endpoints that run student code: in the student's own interpreter (boot.js), started by the first call.
function studentEndpoints(module, calls) {
  return Object.fromEntries(calls.map((fn) => [camel(fn), (args) => call(`${module}.${fn}`, args, studentPython())]));
}

// web/py/lesson_page.py, every number of the lesson page:
//   neuron({weights, bias, x})            → {x, weights, bias, total, output, curve: {z, f}}
//   network({params: {w1..b3}, x})        → {x, output, layers: [{weights, biases, a}]}
//   people()                              → {people: [rows], extent: {x1, x2}}
//   mse({yPred})                          → {yTrue, loss, terms}
//   backprop({param, person, learningRate}) → forward pass, chain rule, one SGD update (old, new, lossAfter)
//   predict({model, weight, height, units}) → {people, extent, grid}
//   train({learningRate, epochs, seed}, onProgress)   streams {epoch, loss, log, model}
//   checkModel({model})                   → the model dict, if it is the lesson's network (a saved one)
export const lessonPage = endpoints("lesson_page", ["neuron", "network", "people", "mse", "backprop", "predict",
  "check_model"], ["train"]);

// web/py/playground.py, the playground's data, models, grids and training (`state`: state.js's object):
//   generate({settings})                  → {points, extent}
//   parseCsv({text, settings})            → {points, extent, task, count}
//   resplit({points, settings})           → {points} with a new train/test split
//   toCsv({points})                       → CSV text
//   thumbnails()                          → {points: {dataset name: Uint8Array of [x, y, colour] triples}, classes}
//   newModel({settings})                  → a fresh model dict
//   view({state})                         → {output, winner, neurons, inputs, side, thumb, loss, testLoss, accuracy, testAccuracy}
//   chain({state, point, layer, j, i})    → the chain rule of one weight's gradient at one point
//   train({state, maxEpochs}, onProgress) streams a snapshot about once a frame; ends with {epoch, diverged?}
export const playground = endpoints("playground",
  ["generate", "parse_csv", "resplit", "to_csv", "thumbnails", "new_model", "view", "chain"], ["train"]);

// web/py/export.py, checks of what comes back in, links and the model file:
//   checkState({state})                   → {points, extent, model, epoch, history, log} made safe
//   share({state, maxChars})              → {data, weights, regenerates}
//   unshare({settings, data, weights})    → {points, model}
//   modelJson({model, features})          → JSON text
//   readModel({text, settings})           → {model, features, hidden, activations}
export const exportState = endpoints("export", ["check_state", "share", "unshare", "model_json", "read_model"]);

// web/py/notebook.py, the Jupyter notebooks:
//   notebook({state, lang, wheelUrl})     → {text, filename, replays}: the playground's experiment, replayed
//   lessonNotebook({blocks, lang, wheelUrl}) → {text, filename}: the lesson's blocks (lesson/notebook.js) as a notebook
export const notebooks = endpoints("notebook", ["notebook", "lesson_notebook"]);

// web/py/exercises.py, the lesson's coding exercises. In the student's interpreter:
//   run({exercise, code})                 → {stdout, result, error, stopped}
//   attempt({exercise, code, seed})       → {stdout, error, stopped, answers}: the function's answers to the cases
// in the page's, which student code never reaches:
//   judge({exercise, seed, answers})      → {cases, passed}: the answers against the core's
export const exercises = { ...studentEndpoints("exercises", ["run", "attempt"]), ...endpoints("exercises", ["judge"]) };

// web/py/digits.py, the handwritten digits (`csv`: data/digits.csv's text; `model`: a perceptron-model dict):
//   newModel({hidden, seed})              → {model, weights}: weights the first layer's, a row of 64 per neuron
//   train({csv, model, epoch}, onProgress) streams {epoch, seconds, loss, accuracy, testLoss, testAccuracy,
//                                           confusion, misclassified: {images, labels, predicted}, model, weights}
//   predict({model, ink})                 → {pixels, probabilities}: the pad's ink as the data set's 8×8 image
export const digits = endpoints("digits", ["new_model", "predict"], ["train"]);
