#!/usr/bin/env bash
# `npm run models [-- --quick]`: trains the three networks and the ReLU/tanh pair (resuming from checkpoints),
# exports them to ONNX, stores their weights compactly (float16 / int8 candidates) and writes the manifest, which
# ships the smallest form that answers like the float32 export, then exports the speed lab's full-size graphs (no
# training, no weights). --quick: one epoch on a subset, into .cache/quick/, for testing. --fullsize: only the full-size graphs.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=/usr/bin/python3
if ! "$PY" -c 'import torch, torchvision, onnx, numpy' 2>/dev/null; then
  echo "models: $PY lacks torch/torchvision/onnx/numpy; install them with:" >&2
  echo "  apt-get install -y python3-torch python3-torchvision python3-onnx python3-numpy dataset-fashion-mnist libopenblas0-openmp" >&2
  exit 1
fi
if [ "${1:-}" = "--fullsize" ]; then
  exec "$PY" scripts/models/export_fullsize.py --out models-onnx/fullsize
fi
quick=() workdir=.cache/train out=models-onnx command="npm run models"
if [ "${1:-}" = "--quick" ]; then
  quick=(--quick) workdir=.cache/quick/train out=.cache/quick/models-onnx command="npm run models -- --quick"
fi
mkdir -p "$workdir" "$out"
for model in vgg googlenet alexnet small_relu small_tanh; do
  "$PY" scripts/models/train.py --model "$model" "${quick[@]}" --workdir "$workdir"
done
"$PY" scripts/models/export.py --workdir "$workdir" --out "$out"
"$PY" scripts/models/compact.py --workdir "$workdir"
node scripts/build-manifest.ts --workdir "$workdir" --out "$out" --command "$command"
"$PY" scripts/models/export_fullsize.py --out "$out/fullsize"
