#!/usr/bin/python3
"""The PyTorch side of the side-by-side benchmarks: the same models, steps and measurements as the C# commands
of bench/Goldstone.Bench (train, hessian, machine), on the data and manifest that its export command wrote.

Each function mirrors a named piece of trainer code; keep them in step when that code changes:
  Mlp                 trainer/Models/Mlp.cs (in-model standardisation, ReLU, one logit)
  rotate, finite      trainer/Data/HiggsSymmetries.cs Rotate, trainer/Kinds/SoftSymmetry/SymmetryPenalty.cs Finite
  soft_epoch          trainer/Kinds/SoftSymmetry/SoftSymmetryKind.cs TrainEpoch with trainer/Optimizers/TorchOptimizerStep.cs (adam)
  PairMlp, rg_epoch   trainer/Models/RgClt/{ConstrainedLinear,PairMlp}.cs, trainer/Kinds/RgClt/RgCltKind.cs TrainEpoch
  Hvp, power_iteration trainer/Metrics/{HessianVectorProduct,PowerIteration}.cs

Prints one JSON line per measured quantity on stdout (the format of bench/Goldstone.Bench/Measurement.cs).

usage: torch_bench.py train|hessian|machine --data DIR --threads N
"""
import argparse
import json
import math
import os
import sys
import time

import numpy as np
import torch
import torch.nn.functional as F
from torch import nn

FEATURES = 28
WARM_UP_BATCHES = 4
GRADIENT_REPETITIONS = 20


def emit(part, workload, threads, metric, unit, values):
    print(json.dumps({"part": part, "workload": workload, "impl": "pytorch", "threads": threads,
                      "metric": metric, "unit": unit, "values": values,
                      "variant": os.environ.get("GOLDSTONE_BENCH_VARIANT") or "default"}), flush=True)
    print(f"pytorch {threads}t {workload} {metric}: {float(np.median(values)):.4g} {unit}", file=sys.stderr)


def read(directory, name, *shape):
    return torch.from_numpy(np.fromfile(os.path.join(directory, name), dtype=np.float32).reshape(shape))


class Mlp(nn.Module):
    def __init__(self, mean, std, width, depth):
        super().__init__()
        self.register_buffer("mean", mean.clone())
        self.register_buffer("std", std.clone())
        self.hidden = nn.ModuleList([nn.Linear(FEATURES if i == 0 else width, width) for i in range(depth)])
        self.output = nn.Linear(width, 1)

    def forward(self, x):
        if x.dim() != 2 or x.shape[1] != FEATURES:
            raise ValueError(f"expected [B, {FEATURES}], got {list(x.shape)}")
        x = (x - self.mean) / self.std
        for layer in self.hidden:
            x = F.relu(layer(x))
        return self.output(x).squeeze(-1)


def standardisation(x):
    return x.mean(0), x.std(0, unbiased=False).clamp_min(1e-6)


def rotate(features, angles, phi_columns):
    shifted = features + angles.unsqueeze(1)
    wrapped = shifted + 2 * math.pi * torch.floor((math.pi - shifted) / (2 * math.pi))
    mask = torch.tensor([c in phi_columns for c in range(FEATURES)])
    return torch.where(mask, wrapped, features)


def finite(model, x, generator, logits, phi_columns):
    angles = torch.rand(x.shape[0], generator=generator, dtype=x.dtype) * (2 * math.pi)
    moved = torch.sigmoid(model(rotate(x, angles, phi_columns)))
    return (torch.sigmoid(logits) - moved).square().mean()


def soft_epoch(model, optimizer, generator, x, y, penalty, batch, phi_columns, shuffle):
    model.train()
    order = torch.randperm(x.shape[0], generator=shuffle)
    loss_sum = bce_sum = penalty_sum = 0.0
    for start in range(0, order.shape[0], batch):
        index = order.narrow(0, start, min(batch, order.shape[0] - start))
        xb, yb = x.index_select(0, index), y.index_select(0, index)
        optimizer.zero_grad()  # trainer/Optimizers/TorchOptimizerStep.cs Step, with the kind's loss closure
        logits = model(xb)
        bce = F.binary_cross_entropy_with_logits(logits, yb)
        if penalty > 0:
            p = finite(model, xb, generator, logits, phi_columns)
        else:
            with torch.no_grad():  # measured without a graph, as the kind does for λ = 0
                p = finite(model, xb, generator, logits.detach(), phi_columns)
        bce_sum += bce.item()
        penalty_sum += p.item()
        loss = bce + penalty * p if penalty > 0 else bce
        loss_sum += loss.detach().double().item()
        loss.backward()
        optimizer.step()
    return loss_sum


def soft_model(workload, x):
    torch.manual_seed(1)
    mean, std = standardisation(x)
    model = Mlp(mean, std, workload["width"], workload["depth"])
    return model, torch.optim.Adam(model.parameters(), lr=workload["learning_rate"]), torch.Generator().manual_seed(1)


class ConstrainedLinear(nn.Module):
    def __init__(self, inputs, outputs, tie_inputs=False):
        super().__init__()
        bound = 1 / math.sqrt(inputs)
        self.tie_inputs = tie_inputs
        self.inputs = inputs
        self.weight = nn.Parameter(torch.empty(outputs, 1 if tie_inputs else inputs).uniform_(-bound, bound))
        self.bias = nn.Parameter(torch.empty(outputs).uniform_(-bound, bound))

    def forward(self, x):
        if x.dim() < 1 or x.shape[-1] != self.inputs:
            raise ValueError(f"expected [..., {self.inputs}], got {list(x.shape)}")
        z = x.sum(-1, keepdim=True) * self.weight.view(-1) if self.tie_inputs else F.linear(x, self.weight)
        return z + self.bias


class PairMlp(nn.Module):
    """mlp_symmetric with tanh: the first layer's weight is tied across the two sites of a block."""

    def __init__(self, width, depth):
        super().__init__()
        self.hidden = nn.ModuleList([ConstrainedLinear(2, width, tie_inputs=True) if i == 0 else ConstrainedLinear(width, width)
                                     for i in range(depth)])
        self.output = ConstrainedLinear(width, 1)

    def forward(self, chains):
        if chains.dim() != 2 or chains.shape[1] < 2 or chains.shape[1] % 2 != 0:
            raise ValueError(f"expected chains [B, n], n even, got {list(chains.shape)}")
        h = chains.reshape(chains.shape[0], chains.shape[1] // 2, 2)
        for layer in self.hidden:
            h = torch.tanh(layer(h))
        return self.output(h).squeeze(-1)


def rg_epoch(model, optimizer, inputs, targets, batch, shuffle):
    model.train()
    order = torch.randperm(inputs.shape[0], generator=shuffle)
    loss_sum = 0.0
    for start in range(0, inputs.shape[0], batch):
        index = order.narrow(0, start, min(batch, inputs.shape[0] - start))
        optimizer.zero_grad()
        loss = F.mse_loss(model(inputs.index_select(0, index)), targets.index_select(0, index))
        value = loss.item()
        loss_sum += value
        if not math.isfinite(value):
            break
        loss.backward()
        optimizer.step()
    return loss_sum


def seconds(action):
    start = time.perf_counter()
    action()
    return time.perf_counter() - start


def train(args, manifest):
    rows, phi = manifest["higgs_rows"], set(manifest["phi_columns"])
    x, y = read(args.data, "higgs_x.f32", rows, FEATURES), read(args.data, "higgs_y.f32", rows)
    for w in manifest["soft_symmetry"]:
        model, optimizer, generator = soft_model(w, x)
        shuffle = torch.Generator().manual_seed(1)
        warm = min(rows, WARM_UP_BATCHES * w["batch_size"])
        soft_epoch(model, optimizer, generator, x[:warm], y[:warm], w["penalty"], w["batch_size"], phi, shuffle)
        rates = [rows / seconds(lambda: soft_epoch(model, optimizer, generator, x, y, w["penalty"], w["batch_size"], phi, shuffle))
                 for _ in range(manifest["repetitions"])]
        emit("train", w["name"], args.threads, "samples_per_s", "samples/s", rates)

    chains, sites = manifest["chain_rows"], manifest["chain_sites"]
    inputs, targets = read(args.data, "chains_x.f32", chains, sites), read(args.data, "chains_y.f32", chains, sites // 2)
    for w in manifest["rg_clt"]:
        if (w["model"], w["activation"]) != ("mlp_symmetric", "tanh"):
            raise ValueError(f"only mlp_symmetric with tanh is mirrored here, not {w['model']} with {w['activation']}")
        torch.manual_seed(1)
        model = PairMlp(w["width"], w["depth"])
        optimizer = torch.optim.Adam(model.parameters(), lr=w["learning_rate"])
        shuffle = torch.Generator().manual_seed(1)
        warm = min(chains, WARM_UP_BATCHES * w["batch_size"])
        rg_epoch(model, optimizer, inputs[:warm], targets[:warm], w["batch_size"], shuffle)
        rates = [chains / seconds(lambda: rg_epoch(model, optimizer, inputs, targets, w["batch_size"], shuffle))
                 for _ in range(manifest["repetitions"])]
        emit("train", w["name"], args.threads, "samples_per_s", "samples/s", rates)


class Hvp:
    """g = ∇L with its graph kept, built once; Hv = ∇(g·v)."""

    def __init__(self, loss, parameters):
        self.parameters = parameters
        self.gradient = torch.autograd.grad(loss(), parameters, create_graph=True, retain_graph=True)

    def apply(self, vector):
        dot = sum((g * v.detach()).sum() for g, v in zip(self.gradient, vector))
        return [h.detach() for h in torch.autograd.grad(dot, self.parameters, retain_graph=True)]


def dot(a, b):
    return sum((x.double() * y.double()).sum().item() for x, y in zip(a, b))


def power_iteration(hvp, generator, iterations, tolerance):
    start = [torch.randn(p.shape, generator=generator, dtype=p.dtype) for p in hvp.parameters]
    norm = math.sqrt(dot(start, start))
    vector = [t / norm for t in start]
    estimate = float("nan")
    for iteration in range(1, iterations + 1):
        product = hvp.apply(vector)
        previous, estimate = estimate, dot(vector, product)
        product_norm = math.sqrt(dot(product, product))
        vector = [t / product_norm for t in product]
        if abs(estimate - previous) <= tolerance * abs(estimate):
            return estimate, iteration
    return estimate, iterations


def hessian(args, manifest):
    rows, phi = manifest["higgs_rows"], set(manifest["phi_columns"])
    x_all, y_all = read(args.data, "higgs_x.f32", rows, FEATURES), read(args.data, "higgs_y.f32", rows)
    for w in manifest["hessian"]:
        model, optimizer, generator = soft_model({"width": w["width"], "depth": w["depth"], "learning_rate": 1e-3}, x_all)
        shuffle = torch.Generator().manual_seed(1)
        for _ in range(w["warm_epochs"]):
            soft_epoch(model, optimizer, generator, x_all, y_all, 0.0, 256, phi, shuffle)
        model.eval()
        x, y = x_all[:w["rows"]], y_all[:w["rows"]]
        parameters = list(model.parameters())

        def loss():
            return F.binary_cross_entropy_with_logits(model(x), y)

        def gradient():
            torch.autograd.grad(loss(), parameters)
        gradient()
        emit("hessian", w["name"], args.threads, "gradient_s", "s", [seconds(gradient) for _ in range(GRADIENT_REPETITIONS)])
        hvp, vector = Hvp(loss, parameters), [torch.randn(p.shape) for p in parameters]
        hvp.apply(vector)
        emit("hessian", w["name"], args.threads, "hvp_s", "s", [seconds(lambda: hvp.apply(vector)) for _ in range(GRADIENT_REPETITIONS)])
        del hvp
        for label, tolerance in (("kind", w["tolerance"]), ("forced", 0.0)):
            total, construct, iterations, eigenvalues = [], [], [], []
            for repetition in range(w["repetitions"] + 1):
                start = time.perf_counter()
                hvp = Hvp(loss, parameters)
                built = time.perf_counter() - start
                value, used = power_iteration(hvp, torch.Generator().manual_seed(6), w["iterations"], tolerance)
                elapsed = time.perf_counter() - start
                del hvp
                if repetition == 0:
                    continue
                construct.append(built)
                total.append(elapsed)
                iterations.append(used)
                eigenvalues.append(value)
            emit("hessian", w["name"], args.threads, f"hessian_{label}_total_s", "s", total)
            emit("hessian", w["name"], args.threads, f"hessian_{label}_construct_s", "s", construct)
            emit("hessian", w["name"], args.threads, f"hessian_{label}_iterations", "", iterations)
            emit("hessian", w["name"], args.threads, f"hessian_{label}_eigenvalue", "", eigenvalues)


def machine(args, manifest):
    m = manifest["machine"]
    n = m["matmul_size"]
    a, b = torch.randn(n, n), torch.randn(n, n)
    for _ in range(2):
        torch.mm(a, b)
    emit("machine", f"matmul {n}x{n} fp32", args.threads, "gflops", "GFLOP/s",
         [2.0 * n ** 3 / seconds(lambda: torch.mm(a, b)) / 1e9 for _ in range(m["matmul_repetitions"])])
    a, b = torch.ones(1), torch.ones(1)
    ops = m["tiny_ops"]

    def in_place():
        for _ in range(ops):
            a.add_(b)

    def out_of_place():
        for _ in range(ops):
            torch.add(a, b)
    for name, loop in (("tiny op a.add_(b), 1 element", in_place), ("tiny op add(a, b), 1 element", out_of_place)):
        loop()
        emit("machine", name, args.threads, "us_per_op", "µs/op",
             [seconds(loop) / ops * 1e6 for _ in range(m["tiny_repetitions"])])


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("command", choices=["train", "hessian", "machine"])
    parser.add_argument("--data", required=True)
    parser.add_argument("--threads", type=int, default=1)
    args = parser.parse_args()
    with open(os.path.join(args.data, "manifest.json"), encoding="utf-8") as f:
        manifest = json.load(f)
    torch.set_num_threads(args.threads)
    torch.manual_seed(1)
    {"train": train, "hessian": hessian, "machine": machine}[args.command](args, manifest)


if __name__ == "__main__":
    main()
