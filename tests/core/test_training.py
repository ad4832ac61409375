"""train(): mini-batches, optimizers, regularisation, history, callback, divergence, chunking."""
import numpy as np
import pytest

import perceptron as p


def xor_data(n=40, seed=0):
    X, y = p.make_dataset("xor", n=n, seed=seed)
    return X / 6, y


def small_net(seed=0, activations=("tanh", "sigmoid")):
    return p.Network.random([2, 4, 1], list(activations), seed=seed)


def flat_gradient(net, X, y):
    """backprop's per-layer gradients in the layout of net.params."""
    grads = p.backprop(net, X, y)
    return np.concatenate([dW.ravel() for dW, _ in grads] + [db for _, db in grads])


def test_full_batch_step_is_gradient_descent():
    X, y = xor_data()
    net = small_net()
    expected = net.params - 0.5 * flat_gradient(net, X, y)
    p.train(net, X, y, epochs=1, learning_rate=0.5, batch_size=len(X))
    assert net.params == pytest.approx(expected, rel=1e-12)


def test_mini_batches_walk_the_data_in_order():
    X, y = xor_data(n=10)
    net, manual = small_net(), small_net()
    p.train(net, X, y, epochs=1, learning_rate=0.3, batch_size=4)
    for start in (0, 4, 8):  # the last batch has 2 samples
        p.train(manual, X[start:start + 4], y[start:start + 4], epochs=1, learning_rate=0.3, batch_size=4)
    assert net.params == pytest.approx(manual.params, rel=1e-12)


@pytest.mark.parametrize("l1, l2", [(0.0, 0.1), (0.05, 0.0), (0.02, 0.3)])
def test_regularisation_adds_to_the_weight_gradient_only(l1, l2):
    X, y = xor_data()
    net = small_net()
    grad = flat_gradient(net, X, y)
    weights = net.params[:net.n_weights]
    grad[:net.n_weights] += l2 * weights + l1 * np.sign(weights)
    expected = net.params - 0.5 * grad
    p.train(net, X, y, epochs=1, learning_rate=0.5, batch_size=len(X), l1=l1, l2=l2)
    assert net.params == pytest.approx(expected, rel=1e-12)  # no weight is near enough to zero to cross it


def tf_update_weights(weights, biases, grad_w, grad_b, dead, learning_rate, rate):
    """A line-by-line transcription of TF Playground's nn.ts updateWeights with L1, one weight at a time
    (lists, in place): the data step, then the L1 step from the weight's old sign; a weight that crosses
    zero is set to 0 and is dead from then on."""
    for k in range(len(biases)):
        biases[k] -= learning_rate * grad_b[k]
    for k in range(len(weights)):
        if dead[k]:
            continue
        regul_der = -1.0 if weights[k] < 0 else (1.0 if weights[k] > 0 else 0.0)
        weights[k] = weights[k] - learning_rate * grad_w[k]
        new_weight = weights[k] - learning_rate * rate * regul_der
        if weights[k] * new_weight < 0:
            weights[k] = 0.0
            dead[k] = True
        else:
            weights[k] = new_weight


def test_l1_follows_tf_playground_a_weight_that_crosses_zero_stays_there():
    X, y = xor_data(n=20)
    net, tf = small_net(seed=3), small_net(seed=3)
    n_w = tf.n_weights
    weights, biases, dead = tf.params[:n_w].tolist(), tf.params[n_w:].tolist(), [False] * n_w
    learning_rate, rate, batch = 0.3, 0.05, 5
    died = []  # the dead weights after each epoch
    for _ in range(30):
        p.train(net, X, y, epochs=1, learning_rate=learning_rate, batch_size=batch, l1=rate)
        for start in range(0, len(X), batch):
            tf.params = weights + biases
            grad = flat_gradient(tf, X[start:start + batch], y[start:start + batch])
            tf_update_weights(weights, biases, grad[:n_w], grad[n_w:], dead, learning_rate, rate)
        assert net.params == pytest.approx(weights + biases, rel=1e-9, abs=1e-12)
        died.append(set(np.flatnonzero(dead)))
    assert 0 < len(died[-1]) < n_w, "some weights died, not all"
    assert all(a <= b for a, b in zip(died, died[1:])), "a dead weight stays dead"
    assert (net.params[sorted(died[-1])] == 0).all()


def test_l1_dead_weights_stay_zero_with_every_optimizer_and_in_later_calls():
    X, y = xor_data()
    for optimizer in p.OPTIMIZERS:
        net = small_net(seed=1)
        net.params = [0.0 if k in (0, 5) else v for k, v in enumerate(net.params)]  # two dead weights
        p.train(net, X, y, epochs=20, learning_rate=0.1, batch_size=8, l1=0.01, optimizer=optimizer)
        assert net.params[0] == 0 and net.params[5] == 0, optimizer
        p.train(net, X, y, epochs=1, learning_rate=0.1, batch_size=8, optimizer=optimizer)
        assert net.params[0] != 0, "without L1 a weight at zero learns again"


def test_history_of_a_classification_with_test_set():
    X, y = p.make_dataset("circle", n=200, seed=1)
    X_train, X_test, y_train, y_test = p.train_test_split(X / 6, y, test_ratio=0.25, seed=1)
    net = p.Network.random([2, 6, 1], ["tanh", "sigmoid"], seed=1, init="uniform")
    history = p.train(net, X_train, y_train, epochs=60, learning_rate=0.5, batch_size=10, loss="bce",
                      optimizer="momentum", X_test=X_test, y_test=y_test)
    assert history.epochs_run == 60 and not history.stopped
    for series in (history.loss, history.test_loss, history.accuracy, history.test_accuracy):
        assert len(series) == 60
    assert history.loss[-1] < history.loss[0]
    assert history.accuracy[-1] > 0.9 and history.test_accuracy[-1] > 0.85
    assert history.loss[-1] == pytest.approx(p.bce_loss(y_train[:, None], p.feedforward(net, X_train)))


def test_history_of_a_regression_has_no_accuracy():
    X, y = p.make_dataset("plane", n=50, seed=0)
    net = p.Network.random([2, 3, 1], ["tanh", "linear"], seed=0)
    history = p.train(net, X / 6, y, epochs=5, learning_rate=0.05)
    assert history.accuracy is None and history.test_accuracy is None and history.test_loss is None
    assert len(history.loss) == 5


def test_callback_sees_every_epoch_and_can_stop():
    X, y = xor_data()
    seen = []

    def callback(epoch, history):
        seen.append((epoch, len(history.loss)))
        return epoch == 3

    history = p.train(small_net(), X, y, epochs=10, learning_rate=0.1, callback=callback)
    assert seen == [(1, 1), (2, 2), (3, 3)]
    assert history.stopped and history.epochs_run == 3 and len(history.loss) == 3


@pytest.mark.parametrize("batch_size", [1, 4])
def test_divergence_is_reported_and_the_last_finite_parameters_kept(batch_size):
    X = np.array([[3.0, -2.0], [1.0, 4.0], [-2.0, 1.0]])
    y = np.array([10.0, -7.0, 3.0])
    start = p.Network.random([2, 3, 3, 1], "linear", seed=0)
    net = start.copy()
    with pytest.raises(p.DivergenceError, match="diverged at epoch") as caught:
        p.train(net, X, y, epochs=1000, learning_rate=0.5, batch_size=batch_size)
    assert isinstance(caught.value, ValueError)
    epoch = caught.value.epoch
    assert np.isfinite(net.params).all()
    assert len(caught.value.history.loss) == epoch - 1
    if epoch > 1:
        replay = start.copy()
        p.train(replay, X, y, epochs=epoch - 1, learning_rate=0.5, batch_size=batch_size)
        assert net.params.tolist() == replay.params.tolist()
    else:
        assert net.params.tolist() == start.params.tolist()


@pytest.mark.parametrize("make", [p.Adam, p.Momentum])
def test_chunked_training_with_a_persistent_optimizer_equals_one_run(make):
    X, y = xor_data()
    whole, chunked = small_net(), small_net()
    kwargs = dict(learning_rate=0.05, batch_size=8, loss="bce")
    long_run = p.train(whole, X, y, epochs=20, optimizer=make(), **kwargs)
    optimizer, losses = make(), []
    for _ in range(4):
        losses += p.train(chunked, X, y, epochs=5, optimizer=optimizer, **kwargs).loss
    assert chunked.params.tolist() == whole.params.tolist()
    assert losses == long_run.loss


def test_optimizer_names_start_fresh_and_objects_refuse_another_network():
    X, y = xor_data()
    a, b = small_net(), small_net()
    p.train(a, X, y, epochs=2, learning_rate=0.01, optimizer="adam")
    p.train(a, X, y, epochs=2, learning_rate=0.01, optimizer="adam")
    adam = p.Adam()
    p.train(b, X, y, epochs=2, learning_rate=0.01, optimizer=adam)
    p.train(b, X, y, epochs=2, learning_rate=0.01, optimizer=p.Adam())
    assert a.params.tolist() == b.params.tolist()
    with pytest.raises(ValueError, match="new optimizer"):
        p.train(p.Network.random([2, 3, 1], seed=0), X, y, epochs=1, learning_rate=0.01, optimizer=adam)


def test_adam_and_momentum_learn_xor():
    X, y = xor_data(n=100)
    for optimizer in ("adam", "momentum"):
        net = p.Network.random([2, 8, 1], ["tanh", "sigmoid"], seed=2, init="uniform")
        rate = 0.05 if optimizer == "adam" else 0.5
        history = p.train(net, X, y, epochs=150, learning_rate=rate, batch_size=10, loss="bce",
                          optimizer=optimizer)
        assert history.accuracy[-1] > 0.9, optimizer


def test_shuffling_is_reproducible_from_the_seed():
    X, y = xor_data()

    def run(seed):
        net = small_net()
        p.train(net, X, y, epochs=3, learning_rate=0.1, batch_size=5, shuffle=True, seed=seed)
        return net.params.tolist()

    assert run(7) == run(7)
    assert run(7) != run(8)
    in_order = small_net()
    p.train(in_order, X, y, epochs=3, learning_rate=0.1, batch_size=5)
    assert in_order.params.tolist() != run(7)


def test_one_generator_continues_its_stream_across_chunks():
    X, y = xor_data()
    whole, chunked = small_net(), small_net()
    kwargs = dict(learning_rate=0.1, batch_size=5, shuffle=True)
    p.train(whole, X, y, epochs=4, seed=np.random.default_rng(3), **kwargs)
    rng = np.random.default_rng(3)
    for _ in range(2):
        p.train(chunked, X, y, epochs=2, seed=rng, **kwargs)
    assert chunked.params.tolist() == whole.params.tolist()
