"""Trains one network on Fashion-MNIST, resumably: a checkpoint after every epoch, curves logged as it goes.

Usage: /usr/bin/python3 scripts/models/train.py --model vgg [--epochs N] [--quick] [--workdir .cache/train]
"""
import argparse
import json
import os
import sys
import time

import numpy as np
import torch
from torch import nn

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from data import augment, load_split, pixel_stats, to_tensor  # noqa: E402
from registry import MODELS, build  # noqa: E402


def evaluate(model: nn.Module, x: torch.Tensor, y: torch.Tensor, batch: int = 500) -> tuple[float, float]:
    """(mean cross-entropy, accuracy) in eval mode."""
    model.eval()
    loss_sum, correct = 0.0, 0
    with torch.no_grad():
        for i in range(0, len(x), batch):
            logits = model(x[i:i + batch])
            loss_sum += nn.functional.cross_entropy(logits, y[i:i + batch], reduction="sum").item()
            correct += (logits.argmax(1) == y[i:i + batch]).sum().item()
    return loss_sum / len(x), correct / len(x)


def schedule_cycles(spec: dict, epochs: int | None, quick: bool) -> list[dict]:
    """The recipe's learning-rate cycles as [{epochs, lr}]; --epochs or --quick make it one cycle."""
    if quick:
        return [{"epochs": 1, "lr": spec["lr"]}]
    if epochs:
        return [{"epochs": epochs, "lr": spec["lr"]}]
    if "cycles" in spec:
        return [dict(c) for c in spec["cycles"]]
    return [{"epochs": spec["epochs"], "lr": spec["lr"]}]


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__)
    p.add_argument("--model", required=True, choices=sorted(MODELS))
    p.add_argument("--run", help="name of this run (default: the model's name)")
    p.add_argument("--epochs", type=int)
    p.add_argument("--quick", action="store_true", help="one epoch on a 4k-image subset, for testing the pipeline")
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--workdir", default=".cache/train")
    p.add_argument("--threads", type=int, default=2)
    args = p.parse_args()

    spec = MODELS[args.model]
    run = args.run or args.model
    cycles = schedule_cycles(spec, args.epochs, args.quick)
    epochs = sum(c["epochs"] for c in cycles)
    torch.set_num_threads(args.threads)
    torch.manual_seed(args.seed)
    os.makedirs(args.workdir, exist_ok=True)
    final_path = os.path.join(args.workdir, f"{run}.final.pt")

    train_images, train_labels = load_split("train")
    test_images, test_labels = load_split("t10k")
    mean, std = pixel_stats(train_images)
    if args.quick:
        train_images, train_labels = train_images[:4000], train_labels[:4000]
        test_images, test_labels = test_images[:2000], test_labels[:2000]
    x_train = to_tensor(train_images, mean, std)
    y_train = torch.from_numpy(train_labels.astype(np.int64))
    x_test = to_tensor(test_images, mean, std)
    y_test = torch.from_numpy(test_labels.astype(np.int64))

    # channels_last: oneDNN's fast path on CPU (about 1.5x for the many small convolutions of GoogLeNet)
    model = build(args.model).to(memory_format=torch.channels_last)
    batch = spec["batch_size"]
    steps_per_epoch = (len(x_train) + batch - 1) // batch
    opt = torch.optim.SGD(model.parameters(), lr=cycles[0]["lr"], momentum=0.9, nesterov=True,
                          weight_decay=spec["weight_decay"])
    gen = torch.Generator().manual_seed(args.seed)
    state = {"epoch": 0, "curves": [], "train_seconds": 0.0}
    augment_data = spec.get("augment", True)

    epochs_before = 0
    for k, cycle in enumerate(cycles):
        # Each cycle is one warm-up-then-anneal schedule from where the previous one ended (a warm restart):
        # the weights and the optimizer's momentum carry over, only the learning-rate curve starts again.
        if spec.get("schedule", "onecycle") == "onecycle":
            sched = torch.optim.lr_scheduler.OneCycleLR(opt, max_lr=cycle["lr"], epochs=cycle["epochs"],
                                                        steps_per_epoch=steps_per_epoch, pct_start=0.2)
        else:  # a constant rate: the ReLU/tanh comparison must not hide differences behind a schedule
            sched = torch.optim.lr_scheduler.LambdaLR(opt, lambda _: 1.0)
        ckpt_path = os.path.join(args.workdir, f"{run}.ckpt.pt" if k == 0 else f"{run}.cycle{k + 1}.ckpt.pt")
        if os.path.exists(ckpt_path):
            ck = torch.load(ckpt_path)
            if ck["epochs"] == cycle["epochs"] and ck["quick"] == args.quick and ck.get("lr", cycle["lr"]) == cycle["lr"]:
                model.load_state_dict(ck["model"])
                opt.load_state_dict(ck["opt"])
                sched.load_state_dict(ck["sched"])
                gen.set_state(ck["gen"])
                torch.set_rng_state(ck["rng"])
                state = ck["state"]
                print(f"[{run}] resuming after epoch {state['epoch']}", flush=True)
            else:
                print(f"[{run}] {ckpt_path} is from another recipe; starting this cycle afresh", flush=True)

        for epoch in range(state["epoch"] - epochs_before, cycle["epochs"]):
            t0 = time.time()
            model.train()
            perm = torch.randperm(len(x_train), generator=gen)
            loss_sum, correct = 0.0, 0
            for i in range(steps_per_epoch):
                idx = perm[i * batch:(i + 1) * batch]
                xb, yb = x_train[idx], y_train[idx]
                if augment_data:
                    xb = augment(xb, gen)
                logits = model(xb.contiguous(memory_format=torch.channels_last))
                loss = nn.functional.cross_entropy(logits, yb)
                opt.zero_grad(set_to_none=True)
                loss.backward()
                opt.step()
                sched.step()
                loss_sum += loss.item() * len(yb)
                correct += (logits.argmax(1) == yb).sum().item()
            seconds = time.time() - t0
            test_loss, test_acc = evaluate(model, x_test, y_test)
            state["epoch"] = epochs_before + epoch + 1
            state["train_seconds"] += seconds
            state["curves"].append({
                "epoch": state["epoch"],
                "train_loss": loss_sum / len(x_train),
                "train_accuracy": correct / len(x_train),
                "test_loss": test_loss,
                "test_accuracy": test_acc,
                "seconds": seconds,
            })
            print(f"[{run}] epoch {state['epoch']}/{epochs} (cycle {k + 1}) loss {loss_sum / len(x_train):.4f} "
                  f"train {correct / len(x_train):.4f} test {test_acc:.4f} ({seconds:.0f}s)", flush=True)
            tmp = ckpt_path + ".tmp"
            torch.save({"epochs": cycle["epochs"], "lr": cycle["lr"], "quick": args.quick,
                        "model": model.state_dict(), "opt": opt.state_dict(), "sched": sched.state_dict(),
                        "gen": gen.get_state(), "rng": torch.get_rng_state(), "state": state}, tmp)
            os.replace(tmp, ckpt_path)  # never a half-written checkpoint
        epochs_before += cycle["epochs"]

    result = {
        "model": args.model, "run": run, "seed": args.seed, "epochs": epochs, "quick": args.quick,
        "batch_size": batch, "cycles": cycles, "lr": cycles[0]["lr"], "weight_decay": spec["weight_decay"],
        "augment": augment_data, "mean": mean, "std": std, "train_seconds": state["train_seconds"],
        "curves": state["curves"], "torch": torch.__version__,
    }
    tmp = final_path + ".tmp"
    torch.save({"model": model.state_dict(), "result": result}, tmp)
    os.replace(tmp, final_path)
    with open(os.path.join(args.workdir, f"{run}.result.json"), "w") as f:
        json.dump(result, f, indent=1)
    print(f"[{run}] done: test accuracy {state['curves'][-1]['test_accuracy']:.4f}, "
          f"{state['train_seconds']:.0f}s of training", flush=True)


if __name__ == "__main__":
    main()
