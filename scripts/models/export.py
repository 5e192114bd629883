"""Exports trained networks to ONNX (opset 17, dynamic batch, named activation outputs) with PyTorch reference logits.

Writes, per network: <workdir>/<name>.float32.onnx (the exported graph; compact.py stores its weights compactly and
build-manifest.ts ships one form as <out>/<name>.onnx), <out>/reference/<name>.logits.json (PyTorch's logits for the first
256 test images, the yardstick the tests hold onnxruntime to) and <workdir>/<name>.export.json (what the
manifest builder needs from the Python side: training record, parameter and MAC counts, output shapes).
Also writes <out>/relu-tanh.json from the two runs of the ReLU-vs-tanh experiment when they exist.
"""
import argparse
import hashlib
import json
import os
import sys

import numpy as np
import onnx
import torch
from onnx import numpy_helper, shape_inference
from torch import nn

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from data import CLASSES, load_split, to_tensor  # noqa: E402
from registry import MODELS, build  # noqa: E402

OPSET = 17
REFERENCE_IMAGES = 256
MAX_BYTES = 5 * 1024 * 1024
# Ops that onnxruntime-web's WebGPU execution provider runs (checked against its operator list);
# anything else would silently fall back to the CPU inside a WebGPU session.
WEBGPU_OPS = {"Conv", "Relu", "Tanh", "MaxPool", "AveragePool", "GlobalAveragePool", "Gemm", "MatMul", "Add",
              "Flatten", "Reshape", "Concat"}


class WithActivations(nn.Module):
    """Returns (logits, *activations): the activations are captured by forward hooks on named submodules."""

    def __init__(self, model: nn.Module, activations: dict[str, str]) -> None:
        super().__init__()
        self.model = model
        self.names = list(activations)
        self.captured: dict[str, torch.Tensor] = {}
        for out_name, path in activations.items():
            model.get_submodule(path).register_forward_hook(
                lambda _m, _i, out, n=out_name: self.captured.__setitem__(n, out))

    def forward(self, x: torch.Tensor):
        logits = self.model(x)
        return (logits, *[self.captured[n] for n in self.names])


def count_macs(model: onnx.ModelProto) -> tuple[int, list[dict]]:
    """Multiply-accumulates for one image, from the graph's own shapes: Conv and Gemm/MatMul only."""
    inferred = shape_inference.infer_shapes(model)
    dims: dict[str, list[int]] = {}
    for vi in list(inferred.graph.value_info) + list(inferred.graph.output) + list(inferred.graph.input):
        shape = vi.type.tensor_type.shape.dim
        dims[vi.name] = [d.dim_value if d.HasField("dim_value") else 1 for d in shape]  # batch 'N' -> 1
    weights = {init.name: list(init.dims) for init in inferred.graph.initializer}
    layers, total = [], 0
    for node in inferred.graph.node:
        if node.op_type == "Conv":
            w = weights[node.input[1]]  # [Cout, Cin/groups, kh, kw]
            out = dims[node.output[0]]
            macs = int(np.prod(out[1:])) * int(np.prod(w[1:]))
        elif node.op_type in ("Gemm", "MatMul"):
            w = weights[node.input[1]]
            macs = int(np.prod(w))
        else:
            continue
        total += macs
        layers.append({"node": node.name, "op": node.op_type, "weight_shape": w, "macs": macs})
    return total, layers


def count_parameters(model: onnx.ModelProto) -> int:
    """Elements of the float initializers: the weights the file actually ships (BatchNorm folded in)."""
    return int(sum(np.prod(i.dims) for i in model.graph.initializer if i.data_type == onnx.TensorProto.FLOAT))


def export_one(name: str, workdir: str, out: str) -> None:
    ckpt = torch.load(os.path.join(workdir, f"{name}.final.pt"))
    result = ckpt["result"]
    model = build(name)
    model.load_state_dict(ckpt["model"])
    for m in model.modules():  # hooks must see each activation before anything overwrites it in place
        if isinstance(m, nn.ReLU):
            m.inplace = False
    model.eval()
    spec = MODELS[name]
    wrapper = WithActivations(model, spec.get("activations", {})).eval()
    output_names = ["logits", *wrapper.names]

    path = os.path.join(workdir, f"{name}.float32.onnx")
    tmp = path + ".tmp"
    dummy = torch.zeros(1, 1, 28, 28)
    torch.onnx.export(wrapper, dummy, tmp, opset_version=OPSET, input_names=["input"], output_names=output_names,
                      dynamic_axes={n: {0: "N"} for n in ["input", *output_names]}, do_constant_folding=True)
    graph = onnx.load(tmp)
    onnx.checker.check_model(graph, full_check=True)
    ops = sorted({n.op_type for n in graph.graph.node})
    unsupported = [op for op in ops if op not in WEBGPU_OPS]
    if unsupported:
        raise SystemExit(f"{name}: ops without a WebGPU kernel in onnxruntime-web: {unsupported}")
    for n in graph.graph.node:
        if n.op_type == "MaxPool" and any(a.name == "ceil_mode" and a.i for a in n.attribute):
            raise SystemExit(f"{name}: MaxPool node {n.name} uses ceil_mode, which the WebGPU EP lacks")
    size = os.path.getsize(tmp)
    if size > MAX_BYTES:
        raise SystemExit(f"{name}: {size} bytes is over the {MAX_BYTES}-byte budget for a shipped model")
    os.replace(tmp, path)

    images, _labels = load_split("t10k")
    x = to_tensor(images[:REFERENCE_IMAGES], result["mean"], result["std"])
    with torch.no_grad():
        outputs = wrapper(x)
    os.makedirs(os.path.join(out, "reference"), exist_ok=True)
    with open(os.path.join(out, "reference", f"{name}.logits.json"), "w") as f:
        json.dump({"model": name, "images": f"t10k[0:{REFERENCE_IMAGES}]", "torch": torch.__version__,
                   "logits": [[float(v) for v in row] for row in outputs[0].numpy()]}, f)

    macs, layers = count_macs(graph)
    info = {
        "name": name,
        "file": f"{name}.onnx",  # the shipped name, whichever weight storage build-manifest.ts picks
        "opset": OPSET,
        "ops": ops,
        "parameters": count_parameters(graph),
        "trainable_parameters": int(sum(p.numel() for p in model.parameters())),
        "batch_norm_folded": any(isinstance(m, nn.BatchNorm2d) for m in model.modules()),
        "macs": macs,
        "layers": layers,
        "outputs": [{"name": n, "shape": ["N", *list(o.shape[1:])]} for n, o in zip(output_names, outputs)],
        "activations": spec.get("activations", {}),
        "labels": CLASSES,
        "training": result,
    }
    with open(os.path.join(workdir, f"{name}.export.json"), "w") as f:
        json.dump(info, f, indent=1)
    print(f"[export] {name}: {size} bytes, {info['parameters']} parameters, {macs} MACs, ops {ops}", flush=True)


def export_relu_tanh(workdir: str, out: str) -> None:
    runs = {}
    for act in ("relu", "tanh"):
        p = os.path.join(workdir, f"small_{act}.result.json")
        if not os.path.exists(p):
            print(f"[export] relu-tanh: {p} missing, skipped", flush=True)
            return
        with open(p) as f:
            runs[act] = json.load(f)
    shared = {k: runs["relu"][k] for k in ("seed", "epochs", "batch_size", "lr", "weight_decay", "augment", "quick")}
    for k, v in shared.items():
        if runs["tanh"][k] != v:
            raise SystemExit(f"relu-tanh: the two runs differ in {k} ({v} vs {runs['tanh'][k]}): not a fair comparison")
    data = {"network": "SmallCNN (scripts/models/small_cnn.py)", "optimizer": "SGD, momentum 0.9, constant rate",
            **shared, "runs": {act: {"curves": r["curves"], "train_seconds": r["train_seconds"]}
                               for act, r in runs.items()}}
    with open(os.path.join(out, "relu-tanh.json"), "w") as f:
        json.dump(data, f, indent=1)
    print("[export] relu-tanh.json written", flush=True)


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__)
    p.add_argument("--models", nargs="+", default=["alexnet", "vgg", "googlenet"])
    p.add_argument("--workdir", default=".cache/train")
    p.add_argument("--out", default="models-onnx")
    args = p.parse_args()
    torch.set_num_threads(2)
    os.makedirs(args.out, exist_ok=True)
    for name in args.models:
        export_one(name, args.workdir, args.out)
    export_relu_tanh(args.workdir, args.out)


if __name__ == "__main__":
    main()
