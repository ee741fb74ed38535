#!/usr/bin/env python3
"""The study's models and training loop in PyTorch, timed step by step: the reference `gan bench` is compared with.

The loop is the one the study's code came from: D loss = BCE(D(x), 1) + BCE(D(G(z).detach()), 0), then a fresh z
for the G step and G loss = BCE(D(G(z)), 1); Adam(lr 3e-4) for each net, batch 64, one D step per G step. The models
are the study's listings verbatim, LeakyReLU(True) included (PyTorch reads it as negative_slope = 1.0).

CPU time per step (time.process_time: all threads) is reported next to wall time: it barely moves when other
processes compete for the cores. One step = fetch a batch + D step + G step + reading the four scalars a training log keeps (D loss, G loss,
mean D(x), mean D(G(z))), the same work `gan bench` times. Data: the repository's IDX files, read with gzip + numpy
and normalised as ToTensor + Normalize(0.5, 0.5), held as one tensor and indexed per batch (no DataLoader workers,
which only favours this side).

Runs with Debian's python3-torch 1.13; install libopenblas0-pthread too (without it Debian's torch uses the reference
BLAS, 10x slower on D2) and run with OMP_WAIT_POLICY=PASSIVE (libgomp's spin-wait starves the other thread) and
OPENBLAS_NUM_THREADS equal to --threads (OpenBLAS's own pool ignores torch.set_num_threads and spins a thread per core:
at --threads 1, G1+D1 used twice the CPU time for the same wall time without it).
"""

import argparse
import contextlib
import gzip
import json
import os
import platform
import struct
import sys
import time

import numpy as np
import torch
import torch.nn as nn


class G1(nn.Module):
    def __init__(self):
        super().__init__()
        self.gen = nn.Sequential(nn.Linear(100, 256), nn.ReLU(True),
                                 nn.Linear(256, 256), nn.ReLU(True),
                                 nn.Linear(256, 784), nn.Tanh())

    def forward(self, z):
        return self.gen(z).view(-1, 1, 28, 28)


class G2(nn.Module):
    def __init__(self):
        super().__init__()
        self.gen = nn.Sequential(nn.Linear(100, 256), nn.LeakyReLU(True),
                                 nn.Linear(256, 512), nn.LeakyReLU(True),
                                 nn.Linear(512, 1024), nn.LeakyReLU(True),
                                 nn.Linear(1024, 784), nn.Tanh())

    def forward(self, z):
        return self.gen(z).view(-1, 1, 28, 28)


class G3(nn.Module):
    def __init__(self):
        super().__init__()
        self.expand = nn.Sequential(nn.Linear(100, 256), nn.LeakyReLU(True),
                                    nn.Linear(256, 484), nn.LeakyReLU(True))
        self.gen = nn.Sequential(nn.ConvTranspose2d(1, 4, kernel_size=3), nn.BatchNorm2d(4), nn.LeakyReLU(True),
                                 nn.ConvTranspose2d(4, 8, kernel_size=3), nn.BatchNorm2d(8), nn.LeakyReLU(True),
                                 nn.ConvTranspose2d(8, 4, kernel_size=3), nn.BatchNorm2d(4), nn.LeakyReLU(True),
                                 nn.ConvTranspose2d(4, 1, kernel_size=1), nn.BatchNorm2d(1), nn.LeakyReLU(True),
                                 nn.Tanh())

    def forward(self, z):
        return self.gen(self.expand(z).view(-1, 1, 22, 22))


class D1(nn.Module):
    def __init__(self):
        super().__init__()
        self.disc = nn.Sequential(nn.Linear(784, 256), nn.LeakyReLU(0.2),
                                  nn.Linear(256, 256), nn.LeakyReLU(0.2),
                                  nn.Linear(256, 1), nn.Sigmoid())

    def forward(self, x):
        return self.disc(x.view(-1, 784)).squeeze()


class D2(nn.Module):
    def __init__(self):
        super().__init__()
        self.features = nn.Sequential(nn.Conv2d(1, 32, kernel_size=3), nn.LeakyReLU(0.2),
                                      nn.Conv2d(32, 64, kernel_size=3), nn.LeakyReLU(0.2))
        self.classifier = nn.Sequential(nn.Linear(64 * 24 * 24, 1024), nn.LeakyReLU(0.2),
                                        nn.Linear(1024, 512), nn.LeakyReLU(0.2),
                                        nn.Linear(512, 1), nn.Sigmoid())

    def forward(self, x):
        return self.classifier(self.features(x).flatten(1)).squeeze()


PAIRS = {"g1-d1": (G1, D1), "g2-d2": (G2, D2), "g3-d2": (G3, D2)}
BCE = nn.BCELoss()


def optimizers(G, D):
    """The study's optimizers: Adam(lr 3e-4, betas (0.9, 0.999)) for G and for D."""
    return torch.optim.Adam(G.parameters(), lr=3e-4), torch.optim.Adam(D.parameters(), lr=3e-4)


def train_step(G, D, opt_g, opt_d, real, z_d, z_g, mixed=contextlib.nullcontext):
    """One iteration of the study's loop: a D step on `real` and G(z_d), then a G step on G(z_g).

    D loss = BCE(D(x), 1) + BCE(D(G(z_d).detach()), 0), G loss = BCE(D(G(z_g)), 1). Returns the four scalars a
    training log keeps: (D loss, G loss, mean D(x), mean D(G(z_d))), read after both updates. `mixed` is the
    autocast context of --precision bf16-mixed (the models' outputs go to the losses in float32, or in float64 when
    the models and `real` are float64).
    """
    loss_dtype = torch.float64 if real.dtype == torch.float64 else torch.float32
    with mixed():
        fake = G(z_d)
        d_real = D(real).to(loss_dtype)
        d_fake = D(fake.detach()).to(loss_dtype)
    d_loss = BCE(d_real, torch.ones_like(d_real)) + BCE(d_fake, torch.zeros_like(d_fake))
    opt_d.zero_grad()
    d_loss.backward()
    opt_d.step()

    with mixed():
        out = D(G(z_g)).to(loss_dtype)
    g_loss = BCE(out, torch.ones_like(out))
    opt_g.zero_grad()
    g_loss.backward()
    opt_g.step()

    return d_loss.item(), g_loss.item(), d_real.mean().item(), d_fake.mean().item()


def read_idx_images(path):
    """uint8 IDX images (magic 0x00000803), raw or .gz, normalised to [-1, 1] as ToTensor + Normalize(0.5, 0.5)."""
    opener = gzip.open if path.endswith(".gz") else open
    with opener(path, "rb") as f:
        magic, n, rows, cols = struct.unpack(">IIII", f.read(16))
        if magic != 0x803:
            sys.exit(f"study_step.py: {path}: not an IDX image file (magic {magic:#x})")
        pixels = np.frombuffer(f.read(n * rows * cols), dtype=np.uint8).reshape(n, 1, rows, cols)
    x = torch.from_numpy(pixels.copy()).float().div_(255.0)
    return x.sub_(0.5).div_(0.5)


def find_images(data_dir):
    for name in ("train-images-idx3-ubyte.gz", "train-images-idx3-ubyte"):
        p = os.path.join(data_dir, name)
        if os.path.exists(p):
            return p
    sys.exit(f"study_step.py: {data_dir}: no train-images-idx3-ubyte[.gz]; pass --data-dir DIR of MNIST-layout IDX files")


def rss_bytes(field):
    """VmRSS (current) or VmHWM (peak) of this process, from /proc/self/status."""
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith(field + ":"):
                return int(line.split()[1]) * 1024
    return None


def cpu_model():
    """The CPU's model name from /proc/cpuinfo, so a result says which machine it came from."""
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return None


def percentile(sorted_values, q):
    """Nearest-rank percentile on a sorted list (the same rule gan bench uses)."""
    i = min(len(sorted_values) - 1, max(0, int(round(q / 100.0 * (len(sorted_values) - 1)))))
    return sorted_values[i]


def main():
    repo = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--pair", required=True, choices=sorted(PAIRS))
    ap.add_argument("--steps", type=int, default=200, help="measured steps (after the warm-up)")
    ap.add_argument("--warmup", type=int, default=20, help="steps run first and not measured")
    ap.add_argument("--threads", type=int, default=1, help="torch.set_num_threads")
    ap.add_argument("--batch-size", type=int, default=64)
    ap.add_argument("--data-dir", default=os.path.join(repo, "data", "mnist-sample"))
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--precision", choices=["fp32", "bf16-mixed"], default="fp32",
                    help="bf16-mixed: the models run under torch.autocast('cpu', bfloat16) and their outputs go to the "
                         "losses in float32 (autocast keeps bf16 between layers, where gan hands float32 on)")
    ap.add_argument("--json", help="also write the statistics to this JSON file")
    args = ap.parse_args()
    if args.steps < 1 or args.warmup < 0 or args.threads < 1:
        sys.exit("study_step.py: --steps and --threads must be at least 1, --warmup at least 0")

    torch.set_num_threads(args.threads)
    torch.manual_seed(args.seed)
    data = read_idx_images(find_images(args.data_dir))
    g_cls, d_cls = PAIRS[args.pair]
    G, D = g_cls(), d_cls()
    opt_g, opt_d = optimizers(G, D)
    n, bs = data.shape[0], args.batch_size
    bf16 = args.precision == "bf16-mixed"

    def mixed():
        return torch.autocast("cpu", dtype=torch.bfloat16, enabled=bf16)

    total = args.warmup + args.steps
    times_ms, cpu_ms, rss = [], [], {}
    step, order, pos = 0, None, n
    while step < total:
        c0 = time.process_time()
        t0 = time.perf_counter()
        if pos >= n:
            order, pos = torch.randperm(n), 0
        real = data[order[pos:pos + bs]]
        pos += bs
        b = real.shape[0]

        record = train_step(G, D, opt_g, opt_d, real, torch.randn(b, 100), torch.randn(b, 100), mixed)
        elapsed = (time.perf_counter() - t0) * 1000.0
        cpu = (time.process_time() - c0) * 1000.0
        step += 1
        if not all(np.isfinite(record)):
            sys.exit(f"study_step.py: non-finite loss at step {step}: {record}")
        if step > args.warmup:
            times_ms.append(elapsed)
            cpu_ms.append(cpu)
        if step in (500, 5000):
            rss[step] = rss_bytes("VmRSS")

    s = sorted(times_ms)
    median = percentile(s, 50)
    result = {
        "implementation": f"pytorch {torch.__version__}" + (" bf16 autocast" if bf16 else ""),
        "pair": args.pair,
        "threads": args.threads,
        "batchSize": bs,
        "warmup": args.warmup,
        "steps": args.steps,
        "medianMs": median,
        "p10Ms": percentile(s, 10),
        "p90Ms": percentile(s, 90),
        "meanMs": sum(s) / len(s),
        "medianCpuMs": percentile(sorted(cpu_ms), 50),
        "imagesPerSecond": bs * 1000.0 / median,
        "peakRssBytes": rss_bytes("VmHWM"),
        "rssAt500Bytes": rss.get(500),
        "rssAt5000Bytes": rss.get(5000),
        "rssGrowthPercent": (100.0 * (rss[5000] - rss[500]) / rss[500]) if 5000 in rss else None,
        "ompWaitPolicy": os.environ.get("OMP_WAIT_POLICY"),
        "openblasThreads": os.environ.get("OPENBLAS_NUM_THREADS"),
        "machine": cpu_model() or platform.machine(),
        "precision": args.precision,
    }
    print(f"{result['implementation']}  {args.pair}  threads {args.threads}  batch {bs}  "
          f"{args.steps} steps after {args.warmup} warm-up")
    print(f"  ms/step    median {median:.2f}  p10 {result['p10Ms']:.2f}  p90 {result['p90Ms']:.2f}  "
          f"mean {result['meanMs']:.2f}  (CPU median {result['medianCpuMs']:.2f})")
    print(f"  images/s   {result['imagesPerSecond']:.0f} (real images trained on)")
    print(f"  peak RSS   {result['peakRssBytes'] / 2**20:.1f} MiB")
    if result["rssGrowthPercent"] is not None:
        print(f"  RSS step 500 → 5000: {rss[500] / 2**20:.1f} → {rss[5000] / 2**20:.1f} MiB "
              f"({result['rssGrowthPercent']:+.2f}%)")
    if args.json:
        with open(args.json, "w") as f:
            json.dump(result, f, indent=2)
            f.write("\n")


if __name__ == "__main__":
    main()
