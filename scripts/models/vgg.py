"""VGG (Simonyan & Zisserman, 2014) with batch norm, scaled to 28x28 grey input, laid out like torchvision's vgg.py.

Kept from the paper: only 3x3 convolutions (stride 1, padding 1), stacked in blocks with a 2x2 max-pool
between blocks, channels doubling block by block, dropout in the classifier. BatchNorm as in torchvision's
vgg*_bn variants; it folds into the convolutions when exported.
"""
import torch
from torch import nn

# Numbers are output channels of 3x3 convolutions, "M" a 2x2 max-pool: 28 -> 14 -> 7 -> 3.
CFG: list[int | str] = [32, 32, "M", 64, 64, "M", 128, 128, 128, "M"]


def make_layers(cfg: list[int | str], batch_norm: bool = True) -> nn.Sequential:
    layers: list[nn.Module] = []
    in_channels = 1
    for v in cfg:
        if v == "M":
            layers += [nn.MaxPool2d(kernel_size=2, stride=2)]
        else:
            conv = nn.Conv2d(in_channels, int(v), kernel_size=3, padding=1)
            if batch_norm:
                layers += [conv, nn.BatchNorm2d(int(v)), nn.ReLU(inplace=True)]
            else:
                layers += [conv, nn.ReLU(inplace=True)]
            in_channels = int(v)
    return nn.Sequential(*layers)


class VGG(nn.Module):
    def __init__(self, num_classes: int = 10, dropout: float = 0.5) -> None:
        super().__init__()
        self.features = make_layers(CFG)
        self.classifier = nn.Sequential(
            nn.Dropout(p=dropout),
            nn.Linear(128 * 3 * 3, 256),
            nn.ReLU(inplace=True),
            nn.Dropout(p=dropout),
            nn.Linear(256, num_classes),
        )

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        x = self.features(x)
        x = torch.flatten(x, 1)
        return self.classifier(x)
