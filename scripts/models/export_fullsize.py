"""Exports the full-size ImageNet AlexNet, VGG-16 and GoogLeNet (torchvision's definitions) as graphs without weights.

For the speed lab: the site times the networks at the size the papers used, with weights synthesized in the reader's
browser, so only the graph ships. Per network, <out>/<name>.onnx holds every node and the int64 shape constants, and
each float initializer points (ONNX external data) into a file that is never written; <out>/index.json lists those
initializers (name, dims, dtype, offset, length) so the site can build the external file in memory.

The model is exported in eval mode with TrainingMode.PRESERVE so BatchNormalization stays a node: the graph's
parameters are then torchvision's (the exporter's eval peephole would fold GoogLeNet's BatchNorm into the convolutions
and change the count). Parameters and buffers are filled with distinct random values first, because the exporter merges
initializers with equal values (a fresh BatchNorm's running statistics are all 0 or all 1).
"""
import argparse
import hashlib
import io
import json
import os
import sys

import numpy as np
import onnx
import torch
import torchvision
from onnx import external_data_helper, helper, shape_inference

OPSET = 17
INPUT_SHAPE = [1, 3, 224, 224]
MAX_GRAPH_BYTES = 1024 * 1024
NETWORKS = {
    "alexnet": lambda: torchvision.models.alexnet(weights=None),
    "vgg16": lambda: torchvision.models.vgg16(weights=None),
    "googlenet": lambda: torchvision.models.googlenet(weights=None, aux_logits=False, init_weights=False),
}
ONNX_DTYPES = {onnx.TensorProto.FLOAT: "float32"}


def distinct_values(model: torch.nn.Module, seed: int) -> None:
    """Random, distinct values in every parameter and buffer (running variances positive), so none is merged."""
    g = torch.Generator().manual_seed(seed)
    with torch.no_grad():
        for name, t in list(model.named_parameters()) + list(model.named_buffers()):
            if not t.is_floating_point():
                continue
            values = torch.rand(t.shape, generator=g) * 0.01
            t.copy_(values + 0.5 if name.endswith("running_var") else values)


def floor_mode_pooling(graph: onnx.ModelProto) -> int:
    """Rewrites each ceil_mode MaxPool (GoogLeNet's) as floor mode with the extra end padding that gives the same output.

    The same values come out, since max pooling ignores padding, and onnxruntime-web's WebGPU EP (and the site's shape
    reader) need no ceil mode. Returns the number of nodes rewritten.
    """
    inferred = shape_inference.infer_shapes(graph)
    shapes = {vi.name: [d.dim_value for d in vi.type.tensor_type.shape.dim]
              for vi in list(inferred.graph.value_info) + list(inferred.graph.input)}
    rewritten = 0
    for node in graph.graph.node:
        attrs = {a.name: a for a in node.attribute}
        if node.op_type != "MaxPool" or "ceil_mode" not in attrs or attrs["ceil_mode"].i == 0:
            continue
        kernel = list(attrs["kernel_shape"].ints)
        strides = list(attrs["strides"].ints) if "strides" in attrs else [1, 1]
        pads = list(attrs["pads"].ints) if "pads" in attrs else [0, 0, 0, 0]
        size = shapes[node.input[0]][2:]
        for axis in range(2):
            span = size[axis] + pads[axis] + pads[axis + 2] - kernel[axis]
            out = -(-span // strides[axis]) + 1  # ceil
            if (out - 1) * strides[axis] >= size[axis] + pads[axis]:
                out -= 1  # PyTorch: the last window must start inside the input or its left padding
            pads[axis + 2] += (out - 1) * strides[axis] + kernel[axis] - (size[axis] + pads[axis] + pads[axis + 2])
        for name in ("ceil_mode", "pads"):
            if name in attrs:
                node.attribute.remove(attrs[name])
        node.attribute.extend([helper.make_attribute("ceil_mode", 0), helper.make_attribute("pads", pads)])
        rewritten += 1
    return rewritten


def count_macs(model: torch.nn.Module) -> int:
    """Multiply-adds of one 224x224 image, counted by PyTorch itself (forward hooks on every Conv2d and Linear)."""
    total = 0

    def conv(m: torch.nn.Conv2d, _inputs, out: torch.Tensor) -> None:
        nonlocal total
        total += out[0].numel() * (m.in_channels // m.groups) * m.kernel_size[0] * m.kernel_size[1]

    def linear(m: torch.nn.Linear, _inputs, _out) -> None:
        nonlocal total
        total += m.in_features * m.out_features

    hooks = [m.register_forward_hook(conv) for m in model.modules() if isinstance(m, torch.nn.Conv2d)]
    hooks += [m.register_forward_hook(linear) for m in model.modules() if isinstance(m, torch.nn.Linear)]
    with torch.no_grad():
        model(torch.zeros(*INPUT_SHAPE))
    for h in hooks:
        h.remove()
    return total


def export_one(name: str, out: str) -> dict:
    model = NETWORKS[name]().eval()
    distinct_values(model, seed=0)
    parameters = int(sum(p.numel() for p in model.parameters()))
    macs = count_macs(model)
    exported = io.BytesIO()
    torch.onnx.export(model, torch.zeros(*INPUT_SHAPE), exported, opset_version=OPSET, input_names=["input"],
                      output_names=["logits"], training=torch.onnx.TrainingMode.PRESERVE, do_constant_folding=True)
    graph = onnx.load_from_string(exported.getvalue())
    del exported
    rewritten = floor_mode_pooling(graph)
    onnx.checker.check_model(graph, full_check=True)
    if any(a.name == "training_mode" and a.i for n in graph.graph.node for a in n.attribute):
        raise SystemExit(f"{name}: a node was exported in training mode")

    # Every float initializer goes to the external file, however small (a BatchNorm's 64 values too), so the graph holds
    # no weight at all; other initializers (int64 shape constants, which the browser could not make up) stay inline.
    # The file itself is never written: its layout (offset, length) is all the site needs.
    weights_file = f"{name}.weights.bin"
    weights_bytes = 0
    for t in graph.graph.initializer:
        if t.data_type != onnx.TensorProto.FLOAT:
            continue
        length = len(t.raw_data) if t.HasField("raw_data") else 4 * len(t.float_data)
        external_data_helper.set_external_data(t, location=weights_file, offset=weights_bytes, length=length)
        t.ClearField("raw_data")
        t.ClearField("float_data")
        weights_bytes += length
    path = os.path.join(out, f"{name}.onnx")
    with open(path, "wb") as f:
        f.write(graph.SerializeToString())

    initializers = []
    for t in graph.graph.initializer:
        if t.data_location != onnx.TensorProto.EXTERNAL:
            continue
        if t.data_type not in ONNX_DTYPES:
            raise SystemExit(f"{name}: initializer {t.name} of ONNX type {t.data_type} went external; only float32 may")
        info = {e.key: e.value for e in t.external_data}
        initializers.append({"name": t.name, "dims": list(t.dims), "dtype": ONNX_DTYPES[t.data_type],
                             "offset": int(info.get("offset", 0)), "length": int(info["length"])})
    size = os.path.getsize(path)
    if size > MAX_GRAPH_BYTES:
        raise SystemExit(f"{name}: the graph is {size} bytes, over {MAX_GRAPH_BYTES}: weights were left inside it")
    with open(path, "rb") as f:
        sha256 = hashlib.sha256(f.read()).hexdigest()
    ops = sorted({n.op_type for n in graph.graph.node})
    print(f"[fullsize] {name}: graph {size} bytes, weights {weights_bytes} bytes in {len(initializers)} tensors, "
          f"{parameters} torchvision parameters, {macs} multiply-adds, ops {ops}, {rewritten} ceil-mode pools rewritten", flush=True)
    return {"file": f"{name}.onnx", "bytes": size, "sha256": sha256, "weightsFile": weights_file,
            "weightsBytes": weights_bytes, "input": {"name": "input", "shape": INPUT_SHAPE}, "output": "logits",
            "torchvisionParameters": parameters, "torchMacs": macs, "ops": ops, "initializers": initializers}


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--out", default="models-onnx/fullsize")
    args = p.parse_args()
    torch.set_num_threads(2)
    os.makedirs(args.out, exist_ok=True)
    index = {"opset": OPSET, "torch": torch.__version__, "torchvision": torchvision.__version__,
             "command": "npm run models:fullsize", "networks": {n: export_one(n, args.out) for n in NETWORKS}}
    with open(os.path.join(args.out, "index.json"), "w") as f:
        json.dump(index, f, indent=1)
        f.write("\n")


if __name__ == "__main__":
    sys.exit(main())
