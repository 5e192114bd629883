"""AlexNet (Krizhevsky et al., 2012) scaled to 28x28 grey input, laid out like torchvision's alexnet.py.

Kept from the paper: a large strided first kernel, ReLU, overlapping 3x3 stride-2 max-pooling,
grouped convolutions with two groups where the paper split layers over two GPUs (conv2, conv4, conv5;
conv3 and the classifier see both halves), and dropout in the classifier. Left out: LRN (no WebGPU
kernel in onnxruntime-web) and the pooling after conv1 (a 28x28 input cannot afford three poolings).
The last pooling pads by one so that its three windows cover all six rows and columns (unpadded, two windows
would skip the last row, a quarter of the image); the classifier is narrower (384) to keep the file under 5 MB.
"""
import torch
from torch import nn


class AlexNet(nn.Module):
    def __init__(self, num_classes: int = 10, dropout: float = 0.5, hidden: int = 384) -> None:
        super().__init__()
        self.features = nn.Sequential(
            nn.Conv2d(1, 48, kernel_size=5, stride=2, padding=2),  # conv1: 28 -> 14
            nn.ReLU(inplace=True),
            nn.Conv2d(48, 128, kernel_size=3, padding=1, groups=2),  # conv2: one group per "GPU"
            nn.ReLU(inplace=True),
            nn.MaxPool2d(kernel_size=3, stride=2),  # overlapping pool: 14 -> 6
            nn.Conv2d(128, 192, kernel_size=3, padding=1),  # conv3: the layer where the GPUs talk
            nn.ReLU(inplace=True),
            nn.Conv2d(192, 192, kernel_size=3, padding=1, groups=2),  # conv4
            nn.ReLU(inplace=True),
            nn.Conv2d(192, 128, kernel_size=3, padding=1, groups=2),  # conv5
            nn.ReLU(inplace=True),
            nn.MaxPool2d(kernel_size=3, stride=2, padding=1),  # 6 -> 3
        )
        self.classifier = nn.Sequential(
            nn.Dropout(p=dropout),
            nn.Linear(128 * 3 * 3, hidden),
            nn.ReLU(inplace=True),
            nn.Dropout(p=dropout),
            nn.Linear(hidden, hidden),
            nn.ReLU(inplace=True),
            nn.Linear(hidden, num_classes),
        )
        # He initialization: without normalization layers, PyTorch's default init leaves this
        # eight-layer ReLU stack at chance level for the first epochs.
        for m in self.modules():
            if isinstance(m, (nn.Conv2d, nn.Linear)):
                nn.init.kaiming_normal_(m.weight, nonlinearity="relu")
                nn.init.zeros_(m.bias)
        nn.init.normal_(self.classifier[-1].weight, 0, 0.01)  # start from near-uniform predictions

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        x = self.features(x)
        x = torch.flatten(x, 1)
        return self.classifier(x)
