"""Fashion-MNIST from Debian's dataset-fashion-mnist package: the idx files, read with numpy only."""
import gzip
import os

import numpy as np
import torch

DATA_DIR = os.environ.get("FASHION_MNIST_DIR", "/usr/share/datasets/fashion-mnist")

# Class names in the order of the dataset's labels (zalandoresearch/fashion-mnist README).
CLASSES = {
    "en": ["T-shirt/top", "Trouser", "Pullover", "Dress", "Coat",
           "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot"],
    "ko": ["티셔츠/탑", "바지", "풀오버", "드레스", "코트",
           "샌들", "셔츠", "스니커즈", "가방", "앵클 부츠"],
    "ja": ["Tシャツ/トップ", "ズボン", "プルオーバー", "ドレス", "コート",
           "サンダル", "シャツ", "スニーカー", "バッグ", "アンクルブーツ"],
}


def _read_idx(path: str) -> np.ndarray:
    """Reads one idx file (the format's magic number says the element type and rank)."""
    with gzip.open(path, "rb") as f:
        raw = f.read()
    magic = int.from_bytes(raw[0:4], "big")
    if magic >> 8 != 0x08:  # 0x08 = unsigned byte; the only type Fashion-MNIST uses
        raise ValueError(f"{path}: not an unsigned-byte idx file (magic {magic:#x})")
    ndim = magic & 0xFF
    shape = [int.from_bytes(raw[4 + 4 * i: 8 + 4 * i], "big") for i in range(ndim)]
    data = np.frombuffer(raw, dtype=np.uint8, offset=4 + 4 * ndim)
    if data.size != int(np.prod(shape)):
        raise ValueError(f"{path}: header says {shape}, file holds {data.size} values")
    return data.reshape(shape)


def load_split(split: str) -> tuple[np.ndarray, np.ndarray]:
    """Returns (images uint8 [N,28,28], labels uint8 [N]) for 'train' or 't10k'."""
    images = _read_idx(os.path.join(DATA_DIR, f"{split}-images-idx3-ubyte.gz"))
    labels = _read_idx(os.path.join(DATA_DIR, f"{split}-labels-idx1-ubyte.gz"))
    if len(images) != len(labels):
        raise ValueError(f"{split}: {len(images)} images but {len(labels)} labels")
    return images, labels


def pixel_stats(images: np.ndarray) -> tuple[float, float]:
    """Mean and std of the training pixels scaled to 0-1: the normalization the site repeats."""
    x = images.astype(np.float64) / 255.0
    return float(x.mean()), float(x.std())


def to_tensor(images: np.ndarray, mean: float, std: float) -> torch.Tensor:
    """uint8 [N,28,28] -> float32 [N,1,28,28], normalized as the exported models expect."""
    x = torch.from_numpy(images.astype(np.float32) / 255.0).unsqueeze(1)
    return (x - mean) / std


def augment(x: torch.Tensor, generator: torch.Generator, pad: int = 2) -> torch.Tensor:
    """Random shifts of up to `pad` pixels and horizontal flips, done on a whole batch at once."""
    n = x.shape[0]
    flip = torch.rand(n, generator=generator) < 0.5
    x = torch.where(flip[:, None, None, None], x.flip(3), x)
    background = x.amin()  # a normalized black pixel: the padding must look like the dataset's background
    padded = torch.nn.functional.pad(x, (pad, pad, pad, pad), value=float(background))
    dx = torch.randint(0, 2 * pad + 1, (n,), generator=generator)
    dy = torch.randint(0, 2 * pad + 1, (n,), generator=generator)
    rows = (dy[:, None] + torch.arange(28)[None, :])  # [n,28]
    cols = (dx[:, None] + torch.arange(28)[None, :])
    idx_n = torch.arange(n)[:, None, None]
    return padded[idx_n, 0, rows[:, :, None], cols[:, None, :]].unsqueeze(1)
