"""The digits page's Python side: the 8×8 handwritten digits, an MLP 64 → hidden → 10 (softmax) learning them,
and a digit drawn on the pad made into the data set's kind of image.

The page fetches data/digits.csv (a row per image: its 64 pixels, counts 0..16, then the digit) and sends its
text with every training run: the worker keeps nothing between calls, so a restarted worker loses nothing.
"""
import math
import time

import numpy as np

import perceptron

CLASSES = 10
SIDE = 8              # the data set's images are SIDE × SIDE ...
BLOCK = 4             # ... counts of the on pixels of a 32 × 32 bitmap in BLOCK × BLOCK blocks: 0..16
BITMAP = SIDE * BLOCK
TEST_SHARE = 0.25     # of the images, kept out of training to measure it
SPLIT_SEED = 0        # the same split for every visitor
HIDDEN = (16, 32, 64)  # the hidden layer's sizes to choose from
DEFAULT_HIDDEN = 32
EPOCHS = 30           # a run's length: test accuracy has settled by then
LEARNING_RATE = 0.005  # Adam's, with mini-batches of BATCH: above 95% test accuracy in a few epochs
BATCH = 32


# ---------------------------------------------------------------- data

def parse(csv):
    """(X, y) from the CSV text: X the pixels scaled to [0, 1], y the digits."""
    table = np.fromstring(csv.replace("\n", ","), dtype=int, sep=",").reshape(-1, SIDE * SIDE + 1)
    return table[:, :-1] / (BLOCK * BLOCK), table[:, -1]


def split(n):
    """(train, test): the indices of the n images in each, at random from SPLIT_SEED."""
    order = np.random.default_rng(SPLIT_SEED).permutation(n)
    n_test = round(n * TEST_SHARE)
    return np.sort(order[n_test:]), np.sort(order[:n_test])


# ---------------------------------------------------------------- the network

def new_model(hidden, seed):
    """A fresh network 64 → hidden (relu) → 10 (softmax), and its first layer's weights as pictures."""
    net = perceptron.Network.random([SIDE * SIDE, hidden, CLASSES], activations=["relu", "softmax"], seed=seed,
                                    init="uniform")
    return {"model": net.to_dict(), "weights": weight_pictures(net)}


def weight_pictures(net):
    """The first layer's weights, a row of 64 per hidden neuron, each scaled by its largest |w| into [-1, 1]."""
    W = net.layers[0].weights
    return (W / np.maximum(np.abs(W).max(axis=1, keepdims=True), 1e-12)).astype(np.float32)


def confusion(y_true, y_pred):
    """The CLASSES × CLASSES counts: row the true digit, column the one predicted."""
    return np.bincount(CLASSES * y_true + y_pred, minlength=CLASSES * CLASSES).reshape(CLASSES, CLASSES)


def train(csv, model, epoch=0, epochs=EPOCHS):
    """Train the model on the train images and yield a snapshot after every epoch, `epochs` of them."""
    X, y = parse(csv)
    tr, te = split(len(X))
    net = perceptron.Network.from_dict(model)
    optimizer = perceptron.OPTIMIZERS["adam"]()
    rng = np.random.default_rng(epoch)
    for epoch in range(epoch + 1, epoch + epochs + 1):
        start = time.perf_counter()
        history = perceptron.train(net, X[tr], y[tr], epochs=1, learning_rate=LEARNING_RATE, batch_size=BATCH,
                                   loss="cce", shuffle=True, seed=rng, optimizer=optimizer)
        yield {"epoch": epoch, "seconds": time.perf_counter() - start, "loss": history.loss[-1],
               "accuracy": history.accuracy[-1], **_tested(net, X[te], y[te])}


def _tested(net, X, y):
    """The test set's loss, accuracy, confusion matrix and misclassified images, with the model and its weights."""
    loss, accuracy = perceptron.evaluate(net, X, y, "cce")
    predicted = perceptron.feedforward(net, X).argmax(axis=1)
    wrong = predicted != y
    return {"test_loss": loss, "test_accuracy": accuracy, "confusion": confusion(y, predicted).tolist(),
            "misclassified": {"images": np.rint(X[wrong] * BLOCK * BLOCK).astype(np.uint8),
                              "labels": y[wrong].tolist(), "predicted": predicted[wrong].tolist()},
            "model": net.to_dict(), "weights": weight_pictures(net)}


# ---------------------------------------------------------------- the drawing pad

def bitmap(ink):
    """The pad's ink (a square of levels 0..255) as the data set's BITMAP × BITMAP bitmap of on pixels.

    As NIST's normalisation did for the forms' digits: cropped to the ink, scaled so that its longer side fills
    the bitmap, keeping its shape, and centred. Each bitmap pixel takes the ink at its centre."""
    ink = np.asarray(ink)
    on = ink.reshape(math.isqrt(ink.size), -1) >= 128
    rows, cols = np.nonzero(on)
    out = np.zeros((BITMAP, BITMAP), dtype=bool)
    if not len(rows):
        return out
    size = max(np.ptp(rows), np.ptp(cols)) + 1
    centres = (np.arange(BITMAP) + 0.5) * size / BITMAP - size / 2
    r = np.floor((rows.min() + rows.max() + 1) / 2 + centres).astype(int)
    c = np.floor((cols.min() + cols.max() + 1) / 2 + centres).astype(int)
    r_in, c_in = (r >= 0) & (r < on.shape[0]), (c >= 0) & (c < on.shape[1])
    out[np.ix_(r_in, c_in)] = on[np.ix_(r[r_in], c[c_in])]
    return out


def downsample(bits):
    """The data set's image of a bitmap: the count of on pixels in every BLOCK × BLOCK block, 0..16."""
    return bits.reshape(SIDE, BLOCK, SIDE, BLOCK).sum(axis=(1, 3))


def predict(model, ink):
    """The drawn digit as the data set's 8×8 image and the network's ten probabilities for it."""
    pixels = downsample(bitmap(ink)).ravel()
    p = perceptron.feedforward(perceptron.Network.from_dict(model), pixels[None, :] / (BLOCK * BLOCK))[0]
    return {"pixels": pixels.astype(np.uint8), "probabilities": p.astype(np.float32)}
