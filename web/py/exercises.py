"""The lesson's exercises, run in the worker's Pyodide.

`run` executes a student's cell in a namespace of its own with stdout and stderr captured, and returns a
traceback trimmed to the student's code when it fails. `check` runs the cell, then calls the student's
function on the lesson's values and on random cases and compares each answer with the core's.
Verdicts go back as {"key", "params"}: the page words them in its own language.

The core's functions are bound here at import time, so a cell that reassigns `perceptron.sigmoid` cannot
change the reference answers.
"""
import ast
import contextlib
import inspect
import io
import linecache
import traceback

import numpy as np

from perceptron.activations import deriv_sigmoid as core_deriv_sigmoid
from perceptron.activations import sigmoid as core_sigmoid
from perceptron.losses import mse_loss as core_mse_loss
from perceptron.lesson import PEOPLE, Neuron, lesson_network, shared_weights_network
from perceptron.network import backprop, feedforward
from perceptron.optimizers import SGD

CELL = "<cell>"  # the file name of the student's code in tracebacks
MAX_OUTPUT = 20_000  # characters of printed output kept: a print in a long loop must not flood the page
RTOL, ATOL = 1e-6, 1e-9  # how close an answer must be to the core's


class _Output(io.StringIO):
    """Printed text, cut at MAX_OUTPUT characters."""

    def write(self, s):
        room = MAX_OUTPUT - self.tell()
        if room > 0:
            super().write(s[:room] if len(s) > room else s)
            if len(s) > room:
                super().write("\n…")
        return len(s)

    @contextlib.contextmanager
    def capture(self):
        with contextlib.redirect_stdout(self), contextlib.redirect_stderr(self):
            yield


def _error(e):
    """{"type", "message", "traceback"} with only the frames of the student's cell (and what it called)."""
    frames = traceback.extract_tb(e.__traceback__)
    start = next((i for i, f in enumerate(frames) if f.filename == CELL), len(frames))
    lines = []
    if start < len(frames):
        lines = ["Traceback (most recent call last):\n", *traceback.format_list(frames[start:])]
    lines += traceback.format_exception_only(type(e), e)
    return {"type": type(e).__name__, "message": str(e), "traceback": "".join(lines)}


def _execute(code, out):
    """Run the cell in a fresh namespace: (namespace, repr of a final expression or None, error or None)."""
    ns = {"__name__": "__main__"}
    # Registered so that tracebacks quote the student's lines.
    linecache.cache[CELL] = (len(code), None, code.splitlines(True), CELL)
    try:
        tree = ast.parse(code, CELL)
        last = tree.body.pop() if tree.body and isinstance(tree.body[-1], ast.Expr) else None
        with out.capture():
            exec(compile(tree, CELL, "exec"), ns)
            value = eval(compile(ast.Expression(last.value), CELL, "eval"), ns) if last else None
        return ns, None if value is None else repr(value)[:MAX_OUTPUT], None
    except KeyboardInterrupt:
        raise
    except BaseException as e:  # SystemExit too: the student's code must never end the worker
        return ns, None, _error(e)


def run(exercise, code):
    """Run a cell: {"stdout", "result", "error", "stopped"}."""
    out = _Output()
    try:
        _, result, error = _execute(code, out)
    except KeyboardInterrupt:
        return {"stdout": out.getvalue(), "result": None, "error": None, "stopped": True}
    return {"stdout": out.getvalue(), "result": result, "error": error, "stopped": False}


def check(exercise, code):
    """Run a cell and compare its function with the core's:
    {"stdout", "error", "stopped", "cases": [{"ok", "key", "params", "hidden"}], "passed"}."""
    exercise = EXERCISES[exercise]
    out = _Output()
    report = {"stdout": "", "result": None, "error": None, "stopped": False, "cases": [], "passed": False}
    try:
        ns, _, report["error"] = _execute(code, out)
        fn = ns.get(exercise.name)
        if report["error"] is None:
            if not callable(fn):
                report["cases"] = [_verdict(False, "missing", {"name": exercise.name})]
            else:
                report["cases"] = [_try(fn, case, hidden, out, report)
                                   for hidden, cases in ((False, exercise.lesson_cases()),
                                                         (True, exercise.random_cases(np.random.default_rng())))
                                   for case in cases]
                report["passed"] = all(c["ok"] for c in report["cases"])
    except KeyboardInterrupt:
        report["stopped"] = True
    report["stdout"] = out.getvalue()
    return report


def solution(exercise):
    """A solution's source: the core's own function where it reads well."""
    return EXERCISES[exercise].solution()


# --- comparing answers -------------------------------------------------------------------------------------

def _verdict(ok, key, params, hidden=False):
    return {"ok": ok, "key": key, "params": params, "hidden": hidden}


def _fmt(value):
    """A value as the student would write it."""
    if isinstance(value, np.ndarray):
        return f"np.array({_fmt(value.tolist())})"
    if isinstance(value, (float, np.floating)):
        text = repr(float(value))
        return text if len(text) <= 12 else f"{value:.10g}"
    if isinstance(value, (int, np.integer)) and not isinstance(value, bool):
        return repr(int(value))
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(_fmt(v) for v in value) + "]"
    return repr(value)[:200]


class Case:
    """One call of the student's function: ``text`` shows it, ``call(fn)`` makes it, ``expected`` is the core's."""

    def __init__(self, text, call, expected):
        self.text, self.call, self.expected = text, call, expected


def _try(fn, case, hidden, out, report):
    """The verdict on one case; the first exception's traceback goes into the report."""
    try:
        with out.capture():
            got = case.call(fn)
    except KeyboardInterrupt:
        raise
    except BaseException as e:
        err = _error(e)
        if report["error"] is None:
            report["error"] = err
        return _verdict(False, "raised", {"call": case.text, "error": f"{err['type']}: {err['message']}"}, hidden)
    return _compare(case.text, got, case.expected, hidden)


def _compare(text, got, expected, hidden):
    params = {"call": text, "got": _fmt(got), "expected": _fmt(expected)}
    if got is None:
        return _verdict(False, "none", params, hidden)
    try:
        answer = np.asarray(got, dtype=float)
    except (TypeError, ValueError):
        return _verdict(False, "not_number", params, hidden)
    expected = np.asarray(expected, dtype=float)
    if answer.shape != expected.shape and not (expected.ndim == 0 and answer.size == 1):
        params.update(got=str(answer.shape), expected=str(expected.shape))
        return _verdict(False, "shape", params, hidden)
    if not np.allclose(answer.reshape(expected.shape), expected, rtol=RTOL, atol=ATOL):
        return _verdict(False, "mismatch", params, hidden)
    return _verdict(True, "match", params, hidden)


# --- the exercises -----------------------------------------------------------------------------------------
# The lesson's 2-2-1 network has weights w1..w6 and biases b1..b3 as in its picture.
ALICE = PEOPLE[0]


def _flat_gradient(w, b, x, y_true):
    """dL/d(w1..w6, b1..b3) from the core's backprop, for one sample and the MSE loss."""
    grads = backprop(lesson_network([*w, *b]), np.asarray(x, dtype=float), [y_true], "mse")
    return np.concatenate([dW.ravel() for dW, _ in grads] + [db for _, db in grads])


def _rounded(rng, scale, size=None, digits=2):
    """Random numbers short enough to read in a message: the call shown is the call made."""
    return np.round(rng.normal(scale=scale, size=size), digits)


def _arg(value):
    return value.copy() if isinstance(value, np.ndarray) else value


def _calls(name, argument_lists, reference):
    """Cases calling ``name(*args)`` with the core's ``reference(*args)`` as the expected answer."""
    return [Case(f"{name}({', '.join(_fmt(a) for a in args)})",
                 lambda fn, args=args: fn(*map(_arg, args)),
                 reference(*args))
            for args in argument_lists]


def _source(obj):
    """The core's source of a function or class without its docstrings: the code is the answer."""
    lines = inspect.getsource(obj).splitlines(True)
    docstrings = [node.body[0] for node in ast.walk(ast.parse("".join(lines)))
                  if isinstance(node, (ast.FunctionDef, ast.ClassDef)) and ast.get_docstring(node) is not None]
    for doc in sorted(docstrings, key=lambda d: -d.lineno):
        del lines[doc.lineno - 1:doc.end_lineno]
    return "".join(lines)


class Exercise:
    """name: what the student defines; lesson_cases(); random_cases(rng); solution()."""
    name = ""

    def solution(self):
        return _source(self.reference)


class Sigmoid(Exercise):
    name = "sigmoid"
    reference = staticmethod(core_sigmoid)

    def lesson_cases(self):
        # 7 is the lesson's neuron (0*2 + 1*3 + 4), -3 is h1 for Alice with all weights 1
        return _calls(self.name, [(0,), (7,), (-3,), (np.array([-3, 0, 7]),)], core_sigmoid)

    def random_cases(self, rng):
        return _calls(self.name, [(x,) for x in _rounded(rng, 4, 3)] + [(_rounded(rng, 4, 4),)], core_sigmoid)


class DerivSigmoid(Exercise):
    name = "deriv_sigmoid"
    reference = staticmethod(core_deriv_sigmoid)

    def lesson_cases(self):
        return _calls(self.name, [(0,), (-3,), (np.array([-3, 0, 7]),)], core_deriv_sigmoid)

    def random_cases(self, rng):
        return _calls(self.name, [(x,) for x in _rounded(rng, 4, 3)] + [(_rounded(rng, 4, 4),)],
                      core_deriv_sigmoid)


class MSE(Exercise):
    name = "mse_loss"
    reference = staticmethod(core_mse_loss)

    def lesson_cases(self):
        return _calls(self.name, [(np.array([1, 0, 0, 1]), np.array([0, 0, 0, 0]))], core_mse_loss)

    def random_cases(self, rng):
        sizes = rng.integers(2, 7, size=3)
        return _calls(self.name, [(rng.integers(0, 2, size=n), np.round(rng.uniform(size=n), 2)) for n in sizes],
                      core_mse_loss)


class NeuronExercise(Exercise):
    name = "Neuron"

    def _case(self, w, b, x):
        return Case(f"Neuron({_fmt(w)}, {_fmt(b)}).feedforward({_fmt(x)})",
                    lambda cls: cls(w.copy(), b).feedforward(x.copy()),
                    Neuron(w, b).feedforward(x))

    def lesson_cases(self):
        return [self._case(np.array([0, 1]), 4, np.array([2, 3]))]

    def random_cases(self, rng):
        return [self._case(_rounded(rng, 1, n), float(_rounded(rng, 1)), _rounded(rng, 3, n, 1))
                for n in (2, 2, 3)]

    def solution(self):
        return NEURON_SOLUTION


class NetworkFeedforward(Exercise):
    name = "OurNeuralNetwork"

    def lesson_cases(self):
        x = np.array([2, 3])
        expected = feedforward(shared_weights_network(), x)[0]
        return [Case(f"OurNeuralNetwork().feedforward({_fmt(x)})", lambda cls: cls().feedforward(x.copy()), expected)]

    def random_cases(self, rng):
        return [self._random_case(rng) for _ in range(3)]

    def _random_case(self, rng):
        # The student's network gets new neurons h1, h2, o1: its feedforward must use them, not fixed numbers.
        w, b, x = _rounded(rng, 1, 6), _rounded(rng, 1, 3), _rounded(rng, 3, 2, 1)
        neurons = {"h1": (w[0:2], b[0]), "h2": (w[2:4], b[1]), "o1": (w[4:6], b[2])}
        text = ", ".join(f"{k} = Neuron({_fmt(wk)}, {_fmt(bk)})" for k, (wk, bk) in neurons.items())

        def call(cls):
            net = cls()
            neuron = type(net.h1)
            for k, (wk, bk) in neurons.items():
                setattr(net, k, neuron(wk.copy(), float(bk)))
            return net.feedforward(x.copy())

        return Case(f"network.feedforward({_fmt(x)}) with {text}", call, feedforward(lesson_network([*w, *b]), x)[0])

    def solution(self):
        return NETWORK_SOLUTION


class DLdW1(Exercise):
    name = "d_L_d_w1"

    def _case(self, x, y_true, w, b):
        return Case(f"d_L_d_w1({_fmt(x)}, {y_true}, w={_fmt(list(w))}, b={_fmt(list(b))})",
                    lambda fn: fn(x.copy(), y_true, list(w), list(b)),
                    _flat_gradient(w, b, x, y_true)[0])

    def lesson_cases(self):
        return [self._case(np.array(ALICE.shifted), ALICE.female, [1] * 6, [0] * 3)]

    def random_cases(self, rng):
        return [self._case(rng.integers(-15, 26, size=2), int(rng.integers(0, 2)), _rounded(rng, 1, 6),
                           _rounded(rng, 1, 3))
                for _ in range(3)]

    def solution(self):
        return DL_DW1_SOLUTION


class SGDStep(Exercise):
    name = "sgd_step"

    @staticmethod
    def _step(weights, grads, learn_rate):
        new = np.array(weights, dtype=float)
        SGD().step(new, np.asarray(grads, dtype=float), learn_rate)
        return new

    def lesson_cases(self):
        # One step for Alice from all weights 1 and biases 0, with the lesson's learn_rate
        weights = np.array([1.0] * 6 + [0.0] * 3)
        grads = _flat_gradient(weights[:6], weights[6:], ALICE.shifted, ALICE.female)
        return _calls(self.name, [(weights, grads, 0.1)], self._step)

    def random_cases(self, rng):
        return _calls(self.name, [(_rounded(rng, 1, 9), _rounded(rng, 0.1, 9, 3), lr) for lr in (0.1, 0.5, 0.01)],
                      self._step)

    def solution(self):
        # The core's rule updates the network's parameter vector in place
        return SGD_SOLUTION + "\n\n" + _source(SGD)


NEURON_SOLUTION = '''\
class Neuron:
    def __init__(self, weights, bias):
        self.weights = weights
        self.bias = bias

    def feedforward(self, inputs):
        total = np.dot(self.weights, inputs) + self.bias
        return sigmoid(total)
'''

# Only the method the student writes; __init__ stays as in the cell.
NETWORK_SOLUTION = '''\
class OurNeuralNetwork:
    def feedforward(self, x):
        out_h1 = self.h1.feedforward(x)
        out_h2 = self.h2.feedforward(x)
        out_o1 = self.o1.feedforward(np.array([out_h1, out_h2]))
        return out_o1
'''

DL_DW1_SOLUTION = '''\
def d_L_d_w1(x, y_true, w, b):
    w1, w2, w3, w4, w5, w6 = w
    b1, b2, b3 = b
    sum_h1 = w1 * x[0] + w2 * x[1] + b1
    h1 = sigmoid(sum_h1)
    sum_h2 = w3 * x[0] + w4 * x[1] + b2
    h2 = sigmoid(sum_h2)
    sum_o1 = w5 * h1 + w6 * h2 + b3
    y_pred = sigmoid(sum_o1)

    d_L_d_ypred = -2 * (y_true - y_pred)
    d_ypred_d_h1 = w5 * deriv_sigmoid(sum_o1)
    d_h1_d_w1 = x[0] * deriv_sigmoid(sum_h1)
    return d_L_d_ypred * d_ypred_d_h1 * d_h1_d_w1
'''

SGD_SOLUTION = '''\
def sgd_step(weights, grads, learn_rate):
    return weights - learn_rate * grads
'''

EXERCISES = {
    "sigmoid": Sigmoid(),
    "neuron": NeuronExercise(),
    "network_feedforward": NetworkFeedforward(),
    "mse": MSE(),
    "deriv_sigmoid": DerivSigmoid(),
    "dl_dw1": DLdW1(),
    "sgd_step": SGDStep(),
}
