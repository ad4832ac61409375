// The lesson's code cells with their blanks: what a cell shows before the student types and after Reset; and
// their answers, for "Show solution".
// Comments are written as {c.key} and worded in the page's language (strings.js, "ex.c.*").
import { t } from "../i18n.js";

const CODE = {
  sigmoid: `import numpy as np

def sigmoid(x):
    # {c.activation}
    # {c.your_code}
    pass

print(sigmoid(0))
`,
  neuron: `import numpy as np
from perceptron.activations import sigmoid  # {c.core_sigmoid}

class Neuron:
    def __init__(self, weights, bias):
        self.weights = weights
        self.bias = bias

    # {c.neuron_input}
    def feedforward(self, inputs):
        # {c.neuron_total}
        # {c.your_code}
        pass

weights = np.array([0, 1]) # w1 = 0, w2 = 1
bias = 4                   # b = 4
n = Neuron(weights, bias)

x = np.array([2, 3])       # x1 = 2, x2 = 3
print(n.feedforward(x))
`,
  network_feedforward: `import numpy as np
from perceptron.lesson import Neuron  # {c.core_neuron}

class OurNeuralNetwork:
    '''
    {c.network_doc}
    - w = [0, 1]
    - b = 0
    '''
    def __init__(self):
        weights = np.array([0, 1])
        bias = 0

        self.h1 = Neuron(weights, bias)
        self.h2 = Neuron(weights, bias)
        self.o1 = Neuron(weights, bias)

    def feedforward(self, x):
        # {c.o1_inputs}
        # {c.your_code}
        pass

network = OurNeuralNetwork()
x = np.array([2, 3])
print(network.feedforward(x))
`,
  mse: `import numpy as np

def mse_loss(y_true, y_pred):
    # {c.mse_args}
    # {c.your_code}
    pass

y_true = np.array([1, 0, 0, 1])
y_pred = np.array([0, 0, 0, 0])

print(mse_loss(y_true, y_pred))
`,
  deriv_sigmoid: `import numpy as np
from perceptron.activations import sigmoid  # {c.core_sigmoid}

def deriv_sigmoid(x):
    # {c.deriv}
    # {c.your_code}
    pass

print(deriv_sigmoid(0))
`,
  dl_dw1: `import numpy as np
from perceptron.activations import sigmoid, deriv_sigmoid

def d_L_d_w1(x, y_true, w, b):
    # {c.dl_x}
    # {c.dl_wb}
    w1, w2, w3, w4, w5, w6 = w
    b1, b2, b3 = b
    # dL/dw1 = dL/dy_pred * dy_pred/dh1 * dh1/dw1
    # {c.yourself}
    pass

# {c.alice}
print(d_L_d_w1(np.array([-2, -1]), 1, w=[1, 1, 1, 1, 1, 1], b=[0, 0, 0]))
`,
  sgd_step: `import numpy as np

def sgd_step(weights, grads, learn_rate):
    # {c.sgd}
    # w <- w - learn_rate * dL/dw
    # {c.sgd_args}
    # {c.your_code}
    pass

weights = np.array([1.0, 2.0, 3.0])
grads = np.array([0.5, -1.0, 0.0])
print(sgd_step(weights, grads, 0.1))
`,
};

// Each exercise's answer in the lesson's own code: the lines that take the place of its blank (the "your code
// here" comment and its `pass`).
const ANSWERS = {
  sigmoid: "return 1 / (1 + np.exp(-x))",
  neuron: "total = np.dot(self.weights, inputs) + self.bias\nreturn sigmoid(total)",
  network_feedforward: `out_h1 = self.h1.feedforward(x)
out_h2 = self.h2.feedforward(x)
out_o1 = self.o1.feedforward(np.array([out_h1, out_h2]))
return out_o1`,
  mse: "return ((y_true - y_pred) ** 2).mean()",
  deriv_sigmoid: "fx = sigmoid(x)\nreturn fx * (1 - fx)",
  dl_dw1: `sum_h1 = w1 * x[0] + w2 * x[1] + b1
h1 = sigmoid(sum_h1)
sum_h2 = w3 * x[0] + w4 * x[1] + b2
h2 = sigmoid(sum_h2)
sum_o1 = w5 * h1 + w6 * h2 + b3
y_pred = sigmoid(sum_o1)

d_L_d_ypred = -2 * (y_true - y_pred)
d_ypred_d_h1 = w5 * deriv_sigmoid(sum_o1)
d_h1_d_w1 = x[0] * deriv_sigmoid(sum_h1)
return d_L_d_ypred * d_ypred_d_h1 * d_h1_d_w1`,
  sgd_step: "return weights - learn_rate * grads",
};
const BLANK = /^( *)# \{c\.(?:your_code|yourself)\}\n\1pass$/m;

// Code with its {c.key} comments in the page's current language.
const worded = (code) => code.replace(/\{(c\.\w+)\}/g, (m, key) => t(`ex.${key}`));

// The starter of an exercise in the page's current language.
export const starter = (id) => worded(CODE[id]);

// The starter with its blank filled in: the whole cell, which Check accepts.
export const solution = (id) => worded(CODE[id].replace(BLANK, (m, indent) =>
  ANSWERS[id].split("\n").map((line) => line && indent + line).join("\n")));
