// The lesson's code cells with their blanks, in both languages (comments follow the lesson's words).
// A starter is what a cell shows before the student types and after Reset.
export const STARTERS = {
  en: {
    sigmoid: `import numpy as np

def sigmoid(x):
    # Our activation function: f(x) = 1 / (1 + e^(-x))
    # your code here
    pass

print(sigmoid(0))
`,
    neuron: `import numpy as np
from perceptron.activations import sigmoid  # the core's sigmoid

class Neuron:
    def __init__(self, weights, bias):
        self.weights = weights
        self.bias = bias

    # the neuron gets x as its input
    def feedforward(self, inputs):
        # Multiply the inputs by the weights, add the bias, then apply the activation function
        # your code here
        pass

weights = np.array([0, 1]) # w1 = 0, w2 = 1
bias = 4                   # b = 4
n = Neuron(weights, bias)

x = np.array([2, 3])       # x1 = 2, x2 = 3
print(n.feedforward(x))
`,
    network_feedforward: `import numpy as np
from perceptron.lesson import Neuron  # the lesson's Neuron, from the core

class OurNeuralNetwork:
    '''
    A neural network with:
    - 2 inputs
    - a hidden layer with 2 neurons (h1, h2)
    - an output layer with 1 neuron (o1)
    All neurons have the same weights and bias:
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
        # The inputs of o1 are the outputs of h1 and h2
        # your code here
        pass

network = OurNeuralNetwork()
x = np.array([2, 3])
print(network.feedforward(x))
`,
    mse: `import numpy as np

def mse_loss(y_true, y_pred):
    # y_true and y_pred are numpy arrays of the same length
    # your code here
    pass

y_true = np.array([1, 0, 0, 1])
y_pred = np.array([0, 0, 0, 0])

print(mse_loss(y_true, y_pred))
`,
    deriv_sigmoid: `import numpy as np
from perceptron.activations import sigmoid  # the core's sigmoid

def deriv_sigmoid(x):
    # Derivative of the sigmoid: f'(x) = f(x) * (1 - f(x))
    # your code here
    pass

print(deriv_sigmoid(0))
`,
    dl_dw1: `import numpy as np
from perceptron.activations import sigmoid, deriv_sigmoid

def d_L_d_w1(x, y_true, w, b):
    # x = [x1, x2]: weight - 135 and height - 66; y_true: 1 for female, 0 for male
    # w = [w1, w2, w3, w4, w5, w6], b = [b1, b2, b3], as in the lesson's picture
    w1, w2, w3, w4, w5, w6 = w
    b1, b2, b3 = b
    # dL/dw1 = dL/dy_pred * dy_pred/dh1 * dh1/dw1
    # compute it yourself!
    pass

# Alice; all weights are 1 and all biases are 0
print(d_L_d_w1(np.array([-2, -1]), 1, w=[1, 1, 1, 1, 1, 1], b=[0, 0, 0]))
`,
    sgd_step: `import numpy as np

def sgd_step(weights, grads, learn_rate):
    # One step of stochastic gradient descent for all weights at once:
    # w <- w - learn_rate * dL/dw
    # weights and grads are numpy arrays of the same shape; return the new weights
    # your code here
    pass

weights = np.array([1.0, 2.0, 3.0])
grads = np.array([0.5, -1.0, 0.0])
print(sgd_step(weights, grads, 0.1))
`,
  },
  ru: {
    sigmoid: `import numpy as np

def sigmoid(x):
    # Наша функция активации: f(x) = 1 / (1 + e^(-x))
    # ваш код здесь
    pass

print(sigmoid(0))
`,
    neuron: `import numpy as np
from perceptron.activations import sigmoid  # сигмоида из ядра

class Neuron:
    def __init__(self, weights, bias):
        self.weights = weights
        self.bias = bias

    # нейрон получает х на вход (х - инпут)
    def feedforward(self, inputs):
        # Умножаем входы на веса, прибавляем порог, затем используем функцию активации
        # ваш код здесь
        pass

weights = np.array([0, 1]) # w1 = 0, w2 = 1
bias = 4                   # b = 4
n = Neuron(weights, bias)

x = np.array([2, 3])       # x1 = 2, x2 = 3
print(n.feedforward(x))
`,
    network_feedforward: `import numpy as np
from perceptron.lesson import Neuron  # нейрон из урока, из ядра

class OurNeuralNetwork:
    '''
    Нейронная сеть с:
    - 2 входами
    - скрытым слоем с 2 нейронами (h1, h2)
    - выходным слоем с 1 нейроном (o1)
    Все нейроны имеют одинаковые веса и пороги:
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
        # Входы для o1 - это выходы h1 и h2
        # ваш код здесь
        pass

network = OurNeuralNetwork()
x = np.array([2, 3])
print(network.feedforward(x))
`,
    mse: `import numpy as np

def mse_loss(y_true, y_pred):
    # y_true и y_pred - массивы numpy одинаковой длины
    # ваш код здесь
    pass

y_true = np.array([1, 0, 0, 1])
y_pred = np.array([0, 0, 0, 0])

print(mse_loss(y_true, y_pred))
`,
    deriv_sigmoid: `import numpy as np
from perceptron.activations import sigmoid  # сигмоида из ядра

def deriv_sigmoid(x):
    # Производная сигмоиды: f'(x) = f(x) * (1 - f(x))
    # ваш код здесь
    pass

print(deriv_sigmoid(0))
`,
    dl_dw1: `import numpy as np
from perceptron.activations import sigmoid, deriv_sigmoid

def d_L_d_w1(x, y_true, w, b):
    # x = [x1, x2]: вес - 135 и рост - 66; y_true: 1 - женский пол, 0 - мужской
    # w = [w1, w2, w3, w4, w5, w6], b = [b1, b2, b3], как на картинке в уроке
    w1, w2, w3, w4, w5, w6 = w
    b1, b2, b3 = b
    # dL/dw1 = dL/dy_pred * dy_pred/dh1 * dh1/dw1
    # посчитайте это самостоятельно!
    pass

# Алиса; все веса равны 1, все пороги равны 0
print(d_L_d_w1(np.array([-2, -1]), 1, w=[1, 1, 1, 1, 1, 1], b=[0, 0, 0]))
`,
    sgd_step: `import numpy as np

def sgd_step(weights, grads, learn_rate):
    # Один шаг стохастического градиентного спуска сразу для всех весов:
    # w <- w - learn_rate * dL/dw
    # weights и grads - массивы numpy одной формы; верните новые веса
    # ваш код здесь
    pass

weights = np.array([1.0, 2.0, 3.0])
grads = np.array([0.5, -1.0, 0.0])
print(sgd_step(weights, grads, 0.1))
`,
  },
};
