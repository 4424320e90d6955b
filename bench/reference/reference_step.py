"""Training throughput of the DCLS reference model (github.com/Thvnvtos/SNN-delays) on this CPU.

The model is built as the reference's SnnDelays (snn_delays.py, model.py, config.py) builds it for
`model_type = 'snn_delays'`: per hidden layer Dcls1d (kernel_count 1, dilated_kernel_size Td, version
'gauss', no bias) on the input zero-padded by Td - 1 steps on the left and (Td - 1) // 2 on the right,
SpikingJelly BatchNorm1d, LIFNode (tau 10.05 ms / 10 ms, v_threshold 1, ATan(alpha=5), detach_reset,
decay_input False, multi-step, torch backend), Dropout (multi-step); then the readout Dcls1d and a
LIFNode with v_threshold 1e9 whose membrane v_seq is the output. Loss: softmax over classes, summed over
time, cross-entropy against one-hot targets. Two Adam optimisers as the reference's: weights (weight
decay 1e-5) and BatchNorm parameters (none) at 1e-3, positions at 0.1 (lr_pos = 100 lr_w); sigma fixed
(SIG constant, not trained). Initialisation: kaiming-uniform weights, positions uniform in
[-Td // 2, Td // 2] then clamped.

One training step is the body of the reference's train_model batch loop without data loading and
logging: zero_grad, forward, loss, backward, both optimiser steps, the accuracy metric, reset_net and
clamp_parameters. Inputs are random counts like spikeport's TrainingBench: each cell of
(steps, batch, inputs) is non-zero with probability `density`, then 1 or 2.

Run with the optional venv (bench/reference/make_venv.sh):
    bench/reference/.venv/bin/python bench/reference/reference_step.py shd --steps 100 --batches 3 --sigma 12
Prints one line like TrainingBench's, ending in samples/s.
"""

import argparse
import random
import time

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F
from DCLS.construct.modules import Dcls1d
from spikingjelly.activation_based import functional, layer, neuron, surrogate

# Presets as spikeport's TrainConfig (shd: the reference's SHD config; small: the synthetic demo's shape).
PRESETS = {
    # inputs, hidden, classes, batch, Td, dropout
    "shd": (140, [256, 256], 20, 256, 25, 0.4),
    "small": (140, [64, 64], 5, 64, 25, 0.1),
}
SIGMA_FLOOR = 0.23  # the reference's decrease_sig target (gauss version)


class ReferenceSnnDelays(nn.Module):
    """The reference's SnnDelays forward pass (snn_delays.py), without its config object."""

    def __init__(self, inputs, hidden, classes, taps, dropout, sigma, tau=(10.05 + 1e-9) / 10):
        super().__init__()
        self.left = taps - 1
        self.right = (taps - 1) // 2
        self.convs = nn.ModuleList()
        self.norms = nn.ModuleList()
        self.lifs = nn.ModuleList()
        self.drops = nn.ModuleList()
        sizes = [inputs] + hidden
        for i in range(len(hidden)):
            self.convs.append(Dcls1d(sizes[i], sizes[i + 1], kernel_count=1, groups=1,
                                     dilated_kernel_size=taps, bias=False, version="gauss"))
            self.norms.append(layer.BatchNorm1d(sizes[i + 1], step_mode="m"))
            self.lifs.append(neuron.LIFNode(tau=tau, v_threshold=1.0, surrogate_function=surrogate.ATan(alpha=5.0),
                                            detach_reset=True, step_mode="m", decay_input=False,
                                            store_v_seq=True))
            self.drops.append(layer.Dropout(dropout, step_mode="m"))
        self.readout = Dcls1d(sizes[-1], classes, kernel_count=1, groups=1, dilated_kernel_size=taps, bias=False,
                              version="gauss")
        self.readout_lif = neuron.LIFNode(tau=tau, v_threshold=1e9, surrogate_function=surrogate.ATan(alpha=5.0),
                                          detach_reset=True, step_mode="m", decay_input=False, store_v_seq=True)
        self.all_convs = list(self.convs) + [self.readout]
        # init_model: kaiming-uniform weights, uniform positions, constant untrained sigma
        for conv in self.all_convs:
            torch.nn.init.kaiming_uniform_(conv.weight, nonlinearity="relu")
            torch.nn.init.uniform_(conv.P, a=-taps // 2, b=taps // 2)
            conv.clamp_parameters()
            torch.nn.init.constant_(conv.SIG, sigma)
            conv.SIG.requires_grad = False
        self.positions = [c.P for c in self.all_convs]
        self.weights = [c.weight for c in self.all_convs]
        self.weights_bn = [p for bn in self.norms for p in (bn.weight, bn.bias)]

    def forward(self, x):
        for conv, bn, lif, drop in zip(self.convs, self.norms, self.lifs, self.drops):
            x = x.permute(1, 2, 0)
            x = F.pad(x, (self.left, self.right), "constant", 0)
            x = conv(x)
            x = x.permute(2, 0, 1)
            x = bn(x.unsqueeze(3)).squeeze()
            x = drop(lif(x))
        x = x.permute(1, 2, 0)
        x = F.pad(x, (self.left, self.right), "constant", 0)
        out = self.readout(x).permute(2, 0, 1)
        self.readout_lif(out)
        return self.readout_lif.v_seq


def calc_loss(output, y):
    m = torch.sum(nn.Softmax(dim=2)(output), 0)
    return nn.CrossEntropyLoss()(m, y)


def calc_metric(output, y):
    m = torch.sum(nn.Softmax(dim=2)(output), 0)
    return np.mean((torch.max(y, 1)[1] == torch.max(m, 1)[1]).detach().cpu().numpy())


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("preset", nargs="?", default="shd", choices=sorted(PRESETS))
    ap.add_argument("--steps", type=int, default=100, help="time steps per sample (default 100)")
    ap.add_argument("--density", type=float, default=0.3, help="fraction of non-zero input cells (default 0.3)")
    ap.add_argument("--batches", type=int, default=3, help="timed training steps after one warm-up (default 3)")
    ap.add_argument("--sigma", type=float, default=None,
                    help="the Dcls1d SIG value (default Td // 2, the reference's sigInit; its floor is 0.23)")
    ap.add_argument("--threads", type=int, default=2, help="torch.set_num_threads (default 2)")
    ap.add_argument("--seed", type=int, default=0)
    a = ap.parse_args()

    torch.set_num_threads(a.threads)
    inputs, hidden, classes, batch, taps, dropout = PRESETS[a.preset]
    sigma = float(taps // 2) if a.sigma is None else a.sigma
    random.seed(a.seed)
    np.random.seed(a.seed)
    torch.manual_seed(a.seed)

    model = ReferenceSnnDelays(inputs, hidden, classes, taps, dropout, sigma)
    model.train()
    opt_w = torch.optim.Adam([{"params": model.weights, "lr": 1e-3, "weight_decay": 1e-5},
                              {"params": model.weights_bn, "lr": 1e-3, "weight_decay": 0}])
    opt_pos = torch.optim.Adam(model.positions, lr=0.1, weight_decay=0)
    optimizers = [opt_w, opt_pos]

    rng = np.random.default_rng(1)
    nonzero = rng.random((a.steps, batch, inputs)) < a.density
    counts = 1 + rng.integers(0, 2, size=(a.steps, batch, inputs))
    x = torch.from_numpy(np.where(nonzero, counts, 0).astype(np.float32))
    y = F.one_hot(torch.from_numpy(rng.integers(0, classes, size=batch)), classes).float()

    def step():
        for opt in optimizers:
            opt.zero_grad()
        output = model(x)
        loss = calc_loss(output, y)
        loss.backward()
        for opt in optimizers:
            opt.step()
        calc_metric(output, y)
        loss.detach().item()
        functional.reset_net(model)
        for conv in model.all_convs:
            conv.clamp_parameters()

    step()
    start = time.perf_counter()
    for _ in range(a.batches):
        step()
    seconds = time.perf_counter() - start
    print(f"reference {a.preset}: hidden {hidden}, Td {taps}, sigma {sigma:.2f}, batch {batch}, {a.steps} steps, "
          f"density {a.density:.2f}, torch {torch.__version__}, {torch.get_num_threads()} threads: "
          f"{seconds / a.batches:.3f} s per batch, {a.batches * batch / seconds:.1f} samples/s")


if __name__ == "__main__":
    main()
