"""GoogLeNet (Szegedy et al., 2014) scaled to 28x28 grey input, laid out like torchvision's googlenet.py.

Kept from the paper: Inception modules with four branches (1x1 | 1x1 -> 3x3 | 1x1 -> 5x5 | 3x3 max-pool
-> 1x1) concatenated along channels, the 1x1 reductions in front of the 3x3 and 5x5 convolutions,
global average pooling instead of large fully connected layers, and dropout before the classifier.
BatchNorm after every convolution as in torchvision's BasicConv2d. No auxiliary classifiers: the
network is shallow enough to train without them.
"""
import torch
from torch import nn


class BasicConv2d(nn.Module):
    def __init__(self, in_channels: int, out_channels: int, **kwargs) -> None:
        super().__init__()
        self.conv = nn.Conv2d(in_channels, out_channels, bias=False, **kwargs)
        self.bn = nn.BatchNorm2d(out_channels, eps=0.001)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return torch.relu(self.bn(self.conv(x)))


class Inception(nn.Module):
    def __init__(self, in_channels: int, ch1x1: int, ch3x3red: int, ch3x3: int,
                 ch5x5red: int, ch5x5: int, pool_proj: int) -> None:
        super().__init__()
        self.branch1 = BasicConv2d(in_channels, ch1x1, kernel_size=1)
        self.branch2 = nn.Sequential(
            BasicConv2d(in_channels, ch3x3red, kernel_size=1),
            BasicConv2d(ch3x3red, ch3x3, kernel_size=3, padding=1),
        )
        self.branch3 = nn.Sequential(
            BasicConv2d(in_channels, ch5x5red, kernel_size=1),
            BasicConv2d(ch5x5red, ch5x5, kernel_size=5, padding=2),
        )
        self.branch4 = nn.Sequential(
            nn.MaxPool2d(kernel_size=3, stride=1, padding=1),
            BasicConv2d(in_channels, pool_proj, kernel_size=1),
        )

    def branches(self, x: torch.Tensor) -> list[torch.Tensor]:
        """The four branch outputs before concatenation (the site's inside view draws them)."""
        return [self.branch1(x), self.branch2(x), self.branch3(x), self.branch4(x)]

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return torch.cat(self.branches(x), 1)


class GoogLeNet(nn.Module):
    def __init__(self, num_classes: int = 10, dropout: float = 0.2) -> None:
        super().__init__()
        self.conv1 = BasicConv2d(1, 32, kernel_size=3, padding=1)  # 28x28
        self.maxpool1 = nn.MaxPool2d(3, stride=2, padding=1)  # 28 -> 14
        self.conv2 = BasicConv2d(32, 32, kernel_size=1)
        self.conv3 = BasicConv2d(32, 96, kernel_size=3, padding=1)
        self.inception3a = Inception(96, 32, 48, 64, 8, 16, 16)  # -> 128
        self.inception3b = Inception(128, 64, 64, 96, 16, 48, 32)  # -> 240
        self.maxpool3 = nn.MaxPool2d(3, stride=2, padding=1)  # 14 -> 7
        self.inception4a = Inception(240, 96, 48, 104, 8, 24, 32)  # -> 256
        self.inception4b = Inception(256, 80, 56, 112, 12, 32, 32)  # -> 256
        self.avgpool = nn.AdaptiveAvgPool2d((1, 1))
        self.dropout = nn.Dropout(p=dropout)
        self.fc = nn.Linear(256, num_classes)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        x = self.conv3(self.conv2(self.maxpool1(self.conv1(x))))
        x = self.inception3b(self.inception3a(x))
        x = self.inception4b(self.inception4a(self.maxpool3(x)))
        x = torch.flatten(self.avgpool(x), 1)
        return self.fc(self.dropout(x))
