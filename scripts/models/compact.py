"""Stores an exported float32 network's large weights compactly: the candidates the manifest builder chooses from.

Per network, from <workdir>/<name>.float32.onnx (export.py's output), writes
  <workdir>/<name>.float16.onnx  every float32 initializer over THRESHOLD values stored as float16, followed by a
                                 Cast to float32 at the start of the graph;
  <workdir>/<name>.int8.onnx     the Conv and Gemm weights over THRESHOLD values stored as int8 with one float32 scale
                                 per output channel (symmetric, zero point 0), followed by a DequantizeLinear; the other
                                 large initializers as float16 + Cast.
Both decode once to the same float32 graph: onnxruntime folds the Cast of a constant at session creation, and the
DequantizeLinear too with the site's session options (site/lib/inference/sessionOptions.ts; by default it keeps that
node for its QDQ fusions and would dequantize on every run), so the network then runs on float32 weights. The decoding nodes write to the original initializer's name, so
every other node, the named activation outputs and the readers of the graph see the graph export.py wrote.
Small tensors (biases, shape constants) stay as they are: below THRESHOLD values the saving is nil.
scripts/build-manifest.ts measures all three files on the full test set with onnxruntime-node and ships the smallest
one that keeps the float32 accuracy.
"""
import argparse
import os

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

THRESHOLD = 1024
FORMATS = ("float16", "int8")


def _decode_node(op: str, inputs: list[str], output: str, **attrs) -> onnx.NodeProto:
    return helper.make_node(op, inputs, [output], name=f"decode_{output}", **attrs)


def _weight_axes(graph: onnx.GraphProto) -> dict[str, int]:
    """Initializer name -> its output-channel axis, for the weights of Conv (axis 0) and Gemm (0 if transB else 1)."""
    axes = {}
    for node in graph.node:
        if node.op_type == "Conv":
            axes[node.input[1]] = 0
        elif node.op_type == "Gemm":
            trans_b = next((a.i for a in node.attribute if a.name == "transB"), 0)
            axes[node.input[1]] = 0 if trans_b else 1
    return axes


def quantize_per_channel(w: np.ndarray, axis: int) -> tuple[np.ndarray, np.ndarray]:
    """Symmetric int8 per output channel: w ≈ q * scale, q in [-127, 127]. An all-zero channel gets scale 1."""
    reduce = tuple(i for i in range(w.ndim) if i != axis)
    peak = np.abs(w).max(axis=reduce)
    scale = np.where(peak > 0, peak / 127.0, 1.0).astype(np.float32)
    shape = [1] * w.ndim
    shape[axis] = -1
    q = np.clip(np.round(w / scale.reshape(shape)), -127, 127).astype(np.int8)
    return q, scale


def compact(model: onnx.ModelProto, fmt: str, threshold: int = THRESHOLD) -> onnx.ModelProto:
    """A copy of `model` whose float32 initializers over `threshold` values are stored as `fmt` (see the module doc)."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown weight format {fmt!r}; expected one of {FORMATS}")
    out = onnx.ModelProto()
    out.CopyFrom(model)
    graph = out.graph
    axes = _weight_axes(graph) if fmt == "int8" else {}
    kept, decoders = [], []
    for init in graph.initializer:
        size = int(np.prod(init.dims))
        if init.data_type != TensorProto.FLOAT or size <= threshold:
            kept.append(init)
            continue
        w = numpy_helper.to_array(init)
        if init.name in axes:
            axis = axes[init.name]
            q, scale = quantize_per_channel(w, axis)
            stored = f"{init.name}.int8"
            kept.append(numpy_helper.from_array(q, stored))
            kept.append(numpy_helper.from_array(scale, f"{init.name}.scale"))
            kept.append(numpy_helper.from_array(np.zeros(scale.shape, np.int8), f"{init.name}.zero_point"))
            decoders.append(_decode_node("DequantizeLinear", [stored, f"{init.name}.scale", f"{init.name}.zero_point"],
                                         init.name, axis=axis))
        else:
            stored = f"{init.name}.float16"
            kept.append(numpy_helper.from_array(w.astype(np.float16), stored))
            decoders.append(_decode_node("Cast", [stored], init.name, to=TensorProto.FLOAT))
    del graph.initializer[:]
    graph.initializer.extend(kept)
    nodes = list(graph.node)
    del graph.node[:]
    graph.node.extend(decoders + nodes)  # decoders first: the graph stays topologically sorted
    onnx.checker.check_model(out, full_check=True)
    return out


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--models", nargs="+", default=["alexnet", "vgg", "googlenet"])
    p.add_argument("--workdir", default=".cache/train")
    args = p.parse_args()
    for name in args.models:
        source = os.path.join(args.workdir, f"{name}.float32.onnx")
        if not os.path.exists(source):
            raise SystemExit(f"{source} missing: run scripts/models/export.py first")
        model = onnx.load(source)
        for fmt in FORMATS:
            target = os.path.join(args.workdir, f"{name}.{fmt}.onnx")
            onnx.save(compact(model, fmt), target + ".tmp")
            os.replace(target + ".tmp", target)
            print(f"[compact] {name}: {os.path.getsize(source)} bytes float32 -> {os.path.getsize(target)} bytes {fmt}",
                  flush=True)


if __name__ == "__main__":
    main()
