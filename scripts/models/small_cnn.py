"""A small AlexNet-like network whose activation function can be swapped, for the ReLU-vs-tanh claim.

Two 5x5 convolutions with overlapping max-pooling and a two-layer classifier, no normalization, so that
the activation function is the only difference between the two runs.
"""
import torch
from torch import nn

ACTIVATIONS = {"relu": nn.ReLU, "tanh": nn.Tanh}


class SmallCNN(nn.Module):
    def __init__(self, activation: str = "relu", num_classes: int = 10) -> None:
        super().__init__()
        act = ACTIVATIONS[activation]
        self.features = nn.Sequential(
            nn.Conv2d(1, 16, kernel_size=5, padding=2), act(),
            nn.MaxPool2d(kernel_size=3, stride=2),  # 28 -> 13
            nn.Conv2d(16, 32, kernel_size=5, padding=2), act(),
            nn.MaxPool2d(kernel_size=3, stride=2),  # 13 -> 6
        )
        self.classifier = nn.Sequential(
            nn.Linear(32 * 6 * 6, 128), act(),
            nn.Linear(128, num_classes),
        )

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.classifier(torch.flatten(self.features(x), 1))
