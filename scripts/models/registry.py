"""The networks the pipeline knows, with the training recipe of each (one place, read by train and export)."""
from torch import nn

from alexnet import AlexNet
from googlenet import GoogLeNet
from small_cnn import SmallCNN
from vgg import VGG

# "cycles": the learning-rate schedule, one-cycle after one-cycle (warm restarts); "lr" is the first cycle's
# peak and the rate of a --quick or --epochs run. VGG's and GoogLeNet's second cycles were added when the first,
# cut short on a busy machine, left them below their accuracy targets; a recipe without "cycles" has one.
# "activations": extra named graph outputs for the site's inside view, output name -> submodule path.
MODELS: dict[str, dict] = {
    # AlexNet has no normalization layer and underfits: no augmentation (its two dropouts regularize enough).
    "alexnet": {"cls": AlexNet, "epochs": 16, "batch_size": 128, "lr": 0.02, "weight_decay": 5e-4, "augment": False,
                "activations": {"conv1": "features.1", "conv2": "features.3", "pool5": "features"}},
    "vgg": {"cls": VGG, "cycles": [{"epochs": 8, "lr": 0.1}, {"epochs": 6, "lr": 0.05}],
            "batch_size": 128, "lr": 0.1, "weight_decay": 5e-4,
            "activations": {"conv1": "features.2"}},
    "googlenet": {"cls": GoogLeNet, "cycles": [{"epochs": 6, "lr": 0.1}, {"epochs": 8, "lr": 0.05}],
                  "batch_size": 128, "lr": 0.1, "weight_decay": 5e-4,
                  "activations": {"conv1": "conv1", "inception3a_1x1": "inception3a.branch1",
                                  "inception3a_3x3": "inception3a.branch2", "inception3a_5x5": "inception3a.branch3",
                                  "inception3a_pool": "inception3a.branch4"}},
    # The ReLU-vs-tanh experiment: one small network, the same seed, data, rate and epochs for both.
    "small_relu": {"cls": SmallCNN, "kwargs": {"activation": "relu"}, "epochs": 8, "batch_size": 128,
                   "lr": 0.01, "weight_decay": 0.0, "schedule": "constant", "augment": False},
    "small_tanh": {"cls": SmallCNN, "kwargs": {"activation": "tanh"}, "epochs": 8, "batch_size": 128,
                   "lr": 0.01, "weight_decay": 0.0, "schedule": "constant", "augment": False},
}


def build(name: str) -> nn.Module:
    spec = MODELS[name]
    return spec["cls"](**spec.get("kwargs", {}))
