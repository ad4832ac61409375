"""The lesson's exercises. Student code runs in an interpreter of its own (the page's second worker), never in
the one that computes the page's numbers; checking is split between the two:

- in the student's interpreter, `run` executes a cell in a namespace of its own with stdout and stderr
  captured and a traceback trimmed to the student's code, and `attempt` runs the cell, then calls the student's
  function on the lesson's values and on random cases (drawn from `seed`) and sends back each answer as data;
- in the page's interpreter, which no student code ever reaches, `judge` draws the same cases with the same
  seed, computes the core's answers and compares. A cell can thus make its own function say anything, but it
  can neither see the expected answers nor change how they are computed or compared.

Whatever a cell rebinds or deletes in a loaded module (numpy, `perceptron`, the standard library) is put back
when it ends, so that the next run starts from the same Python. Verdicts go back as {"key", "params"}: the page
words them in its own language.
"""
import ast
import builtins
import contextlib
import io
import linecache
import sys
import types
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
        room = MAX_OUTPUT - self.tell()  # negative once cut
        if len(s) <= room:
            super().write(s)
        elif room >= 0:
            super().write(s[:room] + "\n…")
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


def _guarded(out, f):
    """f() with its output captured. Whatever it rebinds, deletes or adds in a module loaded before (numpy,
    `perceptron`, the standard library, builtins; and the modules themselves in sys.modules), or in a class of
    `perceptron` (``Neuron.feedforward = ...``), is put back before any other code runs; modules it imports stay,
    as attributes of their packages too. The putting back uses only what it holds itself: the student may have
    broken anything else."""
    with out.capture():
        loaded, modules = sys.modules, dict(sys.modules)
        saved = [(vars(m), dict(vars(m))) for m in modules.values() if isinstance(getattr(m, "__dict__", None), dict)]
        classes = [(c, dict(vars(c))) for name, m in modules.items() if name.split(".")[0] == "perceptron"
                   for c in vars(m).values() if isinstance(c, type) and c.__module__ == name]
        builtin_attrs, builtin_before, module_type = vars(builtins), dict(vars(builtins)), types.ModuleType
        put, remove = setattr, delattr
        try:
            return f()
        finally:
            builtin_attrs.clear()
            builtin_attrs.update(builtin_before)
            loaded.update(modules)
            for attrs, before in saved:
                if len(attrs) != len(before) or any(attrs.get(k, attrs) is not v for k, v in before.items()):
                    imported = {k: v for k, v in attrs.items() if k not in before and isinstance(v, module_type)}
                    attrs.clear()
                    attrs.update(before, **imported)
            for cls, before in classes:
                for k in [k for k in vars(cls) if k not in before]:
                    remove(cls, k)
                for k, v in before.items():
                    if vars(cls).get(k, cls) is not v:
                        put(cls, k, v)


def _execute(code, out):
    """Run the cell in a fresh namespace: (namespace, repr of a final expression or None, error or None)."""
    ns = {"__name__": "__main__"}
    # Registered so that tracebacks quote the student's lines.
    linecache.cache[CELL] = (len(code), None, code.splitlines(True), CELL)
    try:
        tree = ast.parse(code, CELL)
        last = tree.body.pop() if tree.body and isinstance(tree.body[-1], ast.Expr) else None

        def cell():
            exec(compile(tree, CELL, "exec"), ns)
            value = eval(compile(ast.Expression(last.value), CELL, "eval"), ns) if last else None
            return None if value is None else repr(value)[:MAX_OUTPUT]

        return ns, _guarded(out, cell), None
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


def _cases(exercise, seed):
    """[(hidden, case)]: the lesson's cases, then random ones drawn from `seed`."""
    return [(hidden, case) for hidden, cases in ((False, exercise.lesson_cases()),
                                                 (True, exercise.random_cases(np.random.default_rng(seed))))
            for case in cases]


def attempt(exercise, code, seed):
    """Run a cell and call its function on the cases: {"stdout", "error", "stopped", "answers"}, answers None when
    the cell defines no such function (see `_answer` for each). For the student's interpreter."""
    exercise = EXERCISES[exercise]
    out = _Output()
    report = {"stdout": "", "result": None, "error": None, "stopped": False, "answers": None}
    try:
        cases = _cases(exercise, seed)  # before the cell runs
        ns, _, report["error"] = _execute(code, out)
        fn = ns.get(exercise.name)
        if report["error"] is None and callable(fn):
            report["answers"] = [_answer(fn, case, out, report) for _, case in cases]
    except KeyboardInterrupt:
        report["stopped"] = True
    report["stdout"] = out.getvalue()
    return report


def judge(exercise, seed, answers):
    """The verdicts on an attempt's answers, against the core's on the same cases: {"cases": [{"ok", "key",
    "params", "hidden"}], "passed"}. For the page's interpreter."""
    exercise = EXERCISES[exercise]
    if answers is None:
        return {"cases": [_verdict(False, "missing", {"name": exercise.name})], "passed": False}
    cases = [_compare(case, answer, hidden) for (hidden, case), answer in zip(_cases(exercise, seed), answers)]
    return {"cases": cases, "passed": len(cases) == len(answers) and all(c["ok"] for c in cases)}



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


def _answer(fn, case, out, report):
    """The student's answer to one case as data (see `_data`), or {"raised"} when the call failed (its traceback
    goes into the report if it is the first)."""
    try:
        return _guarded(out, lambda: _data(case.call(fn)))
    except KeyboardInterrupt:
        raise
    except BaseException as e:
        err = _error(e)
        if report["error"] is None:
            report["error"] = err
        return {"raised": f"{err['type']}: {err['message']}"}


def _data(got):
    """{"text"} as the student would write it; with {"values", "shape"} when it is numbers, {"none"} when None."""
    answer = {"text": _fmt(got)}
    if got is None:
        return {**answer, "none": True}
    try:
        values = np.asarray(got, dtype=float)
    except (TypeError, ValueError):
        return answer
    return {**answer, "values": values.ravel().tolist(), "shape": list(values.shape)}


def _compare(case, answer, hidden):
    if "raised" in answer:
        return _verdict(False, "raised", {"call": case.text, "error": answer["raised"]}, hidden)
    params = {"call": case.text, "got": answer["text"], "expected": _fmt(case.expected)}
    if answer.get("none"):
        return _verdict(False, "none", params, hidden)
    if "values" not in answer:
        return _verdict(False, "not_number", params, hidden)
    got = np.array(answer["values"], dtype=float).reshape(answer["shape"])
    expected = np.asarray(case.expected, dtype=float)
    if got.shape != expected.shape and not (expected.ndim == 0 and got.size == 1):
        params.update(got=str(got.shape), expected=str(expected.shape))
        return _verdict(False, "shape", params, hidden)
    if not np.allclose(got.reshape(expected.shape), expected, rtol=RTOL, atol=ATOL):
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



class Exercise:
    """name: what the student defines; lesson_cases(); random_cases(rng)."""
    name = ""


class Sigmoid(Exercise):
    name = "sigmoid"

    def lesson_cases(self):
        # 7 is the lesson's neuron (0*2 + 1*3 + 4), -3 is h1 for Alice with all weights 1
        return _calls(self.name, [(0,), (7,), (-3,), (np.array([-3, 0, 7]),)], core_sigmoid)

    def random_cases(self, rng):
        return _calls(self.name, [(x,) for x in _rounded(rng, 4, 3)] + [(_rounded(rng, 4, 4),)], core_sigmoid)


class DerivSigmoid(Exercise):
    name = "deriv_sigmoid"

    def lesson_cases(self):
        return _calls(self.name, [(0,), (-3,), (np.array([-3, 0, 7]),)], core_deriv_sigmoid)

    def random_cases(self, rng):
        return _calls(self.name, [(x,) for x in _rounded(rng, 4, 3)] + [(_rounded(rng, 4, 4),)],
                      core_deriv_sigmoid)


class MSE(Exercise):
    name = "mse_loss"

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



EXERCISES = {
    "sigmoid": Sigmoid(),
    "neuron": NeuronExercise(),
    "network_feedforward": NetworkFeedforward(),
    "mse": MSE(),
    "deriv_sigmoid": DerivSigmoid(),
    "dl_dw1": DLdW1(),
    "sgd_step": SGDStep(),
}
