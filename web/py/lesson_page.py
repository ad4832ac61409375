"""The lesson page's bridge to the core: every number the lesson page shows is computed here, by `perceptron`.

Run in the worker's Pyodide (see web/js/pyworker.js); arguments arrive as plain JSON-like values and the
results go back as dicts, lists and floats. The page only draws them.
"""
import time

import numpy as np

import perceptron as pc
from perceptron import validate

PEOPLE = {p.name.lower(): p for p in (*pc.PEOPLE, pc.EMILY, pc.FRANK)}
TRAINING_SET = [p.name.lower() for p in pc.PEOPLE]

# The part of the shifted (weight - 135 lb, height - 66 in) plane that the page draws: every person of the
# lesson fits with a margin; `predict` widens it to show your own point.
X1_RANGE = (-30.0, 40.0)
X2_RANGE = (-10.0, 10.0)
HEATMAP_SIDE = 64  # grid points per side

LOG_EVERY = 10  # the lesson prints the loss every 10 epochs
CHUNK_SECONDS = 0.04  # a training stream yields about this often, so the page can draw and Stop can land


def neuron(weights, bias, x):
    """The lesson's neuron: its weighted sum, its output and the sigmoid curve around that sum.

    Defaults of the lesson: weights [0, 1], bias 4, x [2, 3] give output 0.9990889488055994.
    """
    n = pc.Neuron(weights, bias)
    output = n.feedforward(x)  # checks x against the weights
    total = float(np.dot(n.weights, x) + n.bias)
    half = max(8.0, min(abs(total) * 1.25, 60.0))  # the curve shows the current point unless it is far out
    z = np.linspace(-half, half, 161)
    return {"x": list(x), "weights": n.weights.tolist(), "bias": n.bias, "total": total,
            "output": output, "curve": {"z": z, "f": pc.sigmoid(z)}}


def network(params, x):
    """The 2-2-1 network from its nine parameters {w1..w6, b1..b3}: every node's value and the output.

    The lesson's network (weights [0, 1] and bias 0 everywhere) at x = [2, 3] gives 0.7216325609518421.
    """
    net = pc.lesson_network(params)
    output, activations = pc.feedforward(net, x, return_activations=True)
    return {"x": list(x), "output": float(output[0]),
            "layers": [{"weights": layer.weights.tolist(), "biases": layer.biases.tolist(), "a": a.tolist()}
                       for layer, a in zip(net.layers, activations)]}


def _person(key):
    if key not in PEOPLE:
        raise ValueError(f"unknown person {key!r}; choose one of: {', '.join(PEOPLE)}")
    return PEOPLE[key]


def _row(key, p):
    x1, x2 = p.shifted
    return {"key": key, "lb": p.weight_lb, "in": p.height_in, "kg": p.weight_kg, "cm": p.height_cm,
            "x1": x1, "x2": x2, "y": p.female, "train": key in TRAINING_SET}


def people():
    """The lesson's people (the four of the training set, then Emily and Frank) and the plane drawn."""
    return {"people": [_row(k, p) for k, p in PEOPLE.items()], "extent": {"x1": X1_RANGE, "x2": X2_RANGE}}


def mse(y_pred):
    """The lesson's loss for predictions of the four people: MSE and its terms (y_true - y_pred)^2.

    The lesson's example y_pred = [0, 0, 0, 0] against y_true = [1, 0, 0, 1] gives 0.5.
    """
    _, y_true, _ = pc.people()
    y_pred = validate.array(y_pred, "y_pred")
    if y_pred.shape != y_true.shape:
        raise ValueError(f"y_pred needs one prediction per person, {y_true.size}; got shape {y_pred.shape}")
    return {"y_true": y_true, "loss": pc.mse_loss(y_true, y_pred), "terms": (y_true - y_pred) ** 2}


def _tex_symbol(name):
    """Core names ("L", "y_pred", "h1", "w5") as TeX."""
    if name == "y_pred":
        return "y_{pred}"
    return f"{name[0]}_{{{name[1:]}}}" if name[1:] else name


def _factor_tex(name, sizes):
    """A chain factor named like "∂h1/∂w1" as TeX: the fraction and what it equals in the lesson's terms."""
    top, bottom = (part.lstrip("∂") for part in name.split("/"))
    frac = rf"\frac{{\partial {_tex_symbol(top)}}}{{\partial {_tex_symbol(bottom)}}}"
    if top == "L":
        return frac, r"-2(y_{true} - y_{pred})"
    f_prime = rf"f'(z_{{{'o_1' if top == 'y_pred' else _tex_symbol(top)}}})"  # the lesson's o1 = y_pred
    if bottom[0] == "b":
        return frac, f_prime
    if bottom[0] == "w":
        layer, _, i = pc.param_position(sizes, bottom)
        return frac, rf"{_tex_symbol(pc.neuron_name(sizes, layer - 1, i))} \cdot {f_prime}"
    # a neuron feeding the next one: the weight between them
    j = int(bottom[1:]) - 1
    return frac, rf"{_tex_symbol(pc.param_name(sizes, 1, 0, j))} \cdot {f_prime}"


def backprop(param, person, learning_rate):
    """The lesson's backprop example: the network with every weight 1 and every bias 0, one person.

    Returns the forward pass (z and activation of h1, h2, o1; for Alice h1 = 0.0474, o1 = 0.524), the loss,
    the chain rule for `param` as factors whose product is dL/dparam (w1 for Alice: 0.0214...), and one SGD
    update of that parameter (old, new), with the person's loss before and after it (loss, loss_after).
    """
    net = pc.shared_weights_network((1, 1), 0)
    p = _person(person)
    x = np.array(p.shifted, dtype=float)
    trace = pc.backprop_trace(net, x, [p.female])
    layer, j, i = pc.param_position(net.sizes, param)
    chain = pc.chain_rule(trace, layer, j, i)
    index = pc.LESSON_PARAM_NAMES.index(chain["parameter"])
    old = float(net.params[index])
    rate = validate.number(learning_rate, "learning_rate", minimum=0.0, inclusive=False)
    updated = net.copy()
    updated.params[index] = old - rate * chain["gradient"]
    hidden, out = trace["layers"]
    return {
        "x": x.tolist(), "y": p.female,
        "z": hidden["z"] + out["z"], "a": hidden["a"] + out["a"], "loss": trace["loss"],
        "param": chain["parameter"], "param_tex": _tex_symbol(chain["parameter"]),
        "factors": [{"name": name, "tex": _factor_tex(name, net.sizes), "value": value}
                    for name, value in chain["factors"]],
        "gradient": chain["gradient"],
        "old": old, "new": float(updated.params[index]), "learning_rate": rate,
        "loss_after": pc.mse_loss([p.female], pc.feedforward(updated, x)),
    }


def train(learning_rate=0.1, epochs=1000, seed=0):
    """Train the lesson's network on the four people as the lesson does (SGD, one person at a time, in order),
    starting from N(0, 1) parameters drawn with `seed`. A stream: yields about every CHUNK_SECONDS

        {"epoch": epochs done, "loss": [loss after each new epoch], "log": new lines of the lesson's log
         ("Epoch 10 loss: 0.225"), "model": the network now}

    and returns the same for the finished run. Seed 0 ends, like the lesson, with Emily 0.949, Frank 0.040.
    """
    epochs = validate.count(epochs, "epochs")
    net = pc.random_lesson_network(int(seed))
    X, y, _ = pc.people()
    done = 0
    while done < epochs:
        losses, log = [], []
        started = time.perf_counter()
        while done < epochs and (not losses or time.perf_counter() - started < CHUNK_SECONDS):
            history = pc.train(net, X, y, epochs=min(LOG_EVERY, epochs - done), learning_rate=learning_rate)
            log += ["Epoch %d loss: %.3f" % (done + k, loss)
                    for k, loss in enumerate(history.loss) if (done + k) % LOG_EVERY == 0]
            losses += history.loss
            done += history.epochs_run
        progress = {"epoch": done, "loss": losses, "log": log, "model": net.to_dict()}
        if done < epochs:
            yield progress
    return progress


def _extent(points):
    """The drawn plane, widened (with a margin) to contain `points`."""
    (a, b), (c, d) = X1_RANGE, X2_RANGE
    for x1, x2 in points:
        a, b = min(a, x1 - 5.0), max(b, x1 + 5.0)
        c, d = min(c, x2 - 2.0), max(d, x2 + 2.0)
    return {"x1": (a, b), "x2": (c, d)}


def predict(model, weight, height, units):
    """Your weight and height (units "metric": kg, cm; "imperial": lb, in) converted and shifted as the
    lesson does; with a trained `model` (or None) also the network's output for you and every person,
    and its heatmap over the plane (image order: rows from the top, i.e. the largest x2, down).
    """
    if units == "metric":
        lb, inch = pc.kg_to_lb(weight), pc.cm_to_in(height)
    elif units == "imperial":
        lb, inch = weight, height
    else:
        raise ValueError(f"unknown units {units!r}; choose metric or imperial")
    x1, x2 = pc.shift(lb, inch)
    you = {"key": "you", "lb": lb, "in": inch, "kg": pc.lb_to_kg(lb), "cm": pc.in_to_cm(inch),
           "x1": x1, "x2": x2, "y": None}
    rows = [_row(k, p) for k, p in PEOPLE.items()] + [you]
    extent = _extent([(x1, x2)])
    result = {"people": rows, "extent": extent, "grid": None}
    if model is not None:
        net = pc.Network.from_dict(model)
        outputs = pc.feedforward(net, [[r["x1"], r["x2"]] for r in rows])[:, 0]
        for r, out in zip(rows, outputs):
            r["p"] = float(out)
        grid = pc.grid(extent["x1"], extent["x2"], n=HEATMAP_SIDE)
        result["grid"] = pc.feedforward(net, grid)[:, 0].reshape(HEATMAP_SIDE, HEATMAP_SIDE)
    return result


def check_model(model):
    """A network saved by the page, checked as any model file is and for the lesson's 2-2-1 sigmoid shape
    (an InputError if it is not); returned as the core writes it."""
    net = pc.Network.from_dict(model)
    if net.sizes != [2, 2, 1] or any(layer.activation != "sigmoid" for layer in net.layers):
        raise pc.InputError("model.lesson_shape", sizes=net.sizes)
    return net.to_dict()
