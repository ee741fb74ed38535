#!/usr/bin/env python3
"""Parity with the study's code: the same steps in the study's PyTorch loop and in Gan.Core, compared step by step.

    /usr/bin/python3 bench/parity.py                        # g1-d1:500, g2-d2:50, g3-d2:50, seed 0, 1 thread
    /usr/bin/python3 bench/parity.py --pairs g1-d1:100 --json out.json
    /usr/bin/python3 bench/parity.py --dtype float64 --tolerance 1e-9   # both sides in float64 (gan: --precision fp64)
    /usr/bin/python3 bench/parity.py --pairs g1-d1:20 --seed 0 --threads 1 \
        --write-fixture tests/Gan.Core.Tests/Fixtures/study-parity-g1-d1.json    # the unit test's fixture

For each pair, `gan script bench/parity.csx` trains N steps with Gan.Core's trainer at its defaults (seed S) and writes
its initial weights (PyTorch state_dicts), the noise z and batch indices it drew, and its per-step values. This script
then loads those weights into bench/pytorch/study_step.py's modules (load_state_dict, strict) and runs the same N steps
of study_step.py's loop (train_step: Adam 3e-4, BCE, batch 64) on the same batches of data/mnist-sample and the same z.
Both sides run float32 (or, with --dtype float64, float64: the same float32 initial weights, data and noise, widened)
on --threads threads. Per pair it reports how many steps agree to --tolerance relative in all
four logged values (D loss, G loss, mean D(x), mean D(G(z))), the first step that does not (where chaos takes over:
last-bit differences between LibTorch 2.10's and PyTorch 1.13's kernels grow until the runs part), and the largest
relative difference over the first --first steps. Relative difference = |gan − pytorch| / |pytorch|. With
--ulp-draws K it also runs PyTorch against itself K times with every initial weight moved one ulp: how soon float32
rounding alone parts two runs of the same code, the yardstick for the first diverging step.

--write-fixture writes one pair's PyTorch values with SHA-256s of the draws they came from, for
tests/Gan.Core.Tests/Interop/StudyParityTests.cs, which checks Gan.Core against them without Python.

Needs the Release build (dotnet build Research.sln -c Release) and Debian's python3-torch 1.13 with
libopenblas0-pthread; sets OMP_WAIT_POLICY=PASSIVE and OPENBLAS_NUM_THREADS=--threads for itself (see study_step.py).
"""

import argparse
import hashlib
import json
import os
import subprocess
import sys
import tempfile
import time

GAN_ENV = dict(os.environ)


def parse_args():
    repo = os.path.abspath(os.path.join(os.path.dirname(__file__), ".."))
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--pairs", default="g1-d1:500,g2-d2:50,g3-d2:50", help="PAIR:STEPS,... (default %(default)s)")
    ap.add_argument("--seed", type=int, default=0, help="Gan.Core's seed: initial weights, noise and batch order")
    ap.add_argument("--threads", type=int, default=1, help="threads on both sides")
    ap.add_argument("--tolerance", type=float, default=1e-5, help="relative tolerance for a step to agree")
    ap.add_argument("--dtype", choices=("float32", "float64"), default="float32",
                    help="both sides' arithmetic: float32 (the study's) or float64 (gan --precision fp64)")
    ap.add_argument("--first", type=int, default=20, help="the max relative difference column covers steps 1..FIRST")
    ap.add_argument("--ulp-draws", type=int, default=3,
                    help="also run PyTorch against itself this many times, every initial weight moved one ulp in a "
                         "random direction (draw k: seed k): how soon float32 rounding alone parts two runs (0 = skip)")
    ap.add_argument("--gan", default=os.path.join(repo, "src", "Gan.Cli", "bin", "Release", "net10.0", "gan"))
    ap.add_argument("--work", help="keep the exchanged files here (default: a temporary folder, removed after)")
    ap.add_argument("--json", help="also write the results to this JSON file")
    ap.add_argument("--write-fixture", metavar="FILE",
                    help="write the (single) pair's PyTorch values and its draws' hashes, for the unit test")
    a = ap.parse_args()
    a.repo = repo
    a.runs = []
    for item in a.pairs.split(","):
        pair, _, steps = item.strip().partition(":")
        if not steps.isdigit() or int(steps) < 1:
            sys.exit(f"parity.py: --pairs item '{item}' must be PAIR:STEPS with STEPS >= 1, e.g. g1-d1:500")
        a.runs.append((pair, int(steps)))
    if a.threads < 1 or a.first < 1 or a.ulp_draws < 0 or not a.tolerance > 0:
        sys.exit("parity.py: --threads and --first must be at least 1, --ulp-draws at least 0, --tolerance positive")
    if a.write_fixture and len(a.runs) != 1:
        sys.exit("parity.py: --write-fixture takes exactly one pair, e.g. --pairs g1-d1:20")
    if not os.path.exists(a.gan):
        sys.exit(f"parity.py: {a.gan} not found; run 'dotnet build Research.sln -c Release' or pass --gan PATH")
    return a


args = parse_args()
os.environ["OMP_WAIT_POLICY"] = "PASSIVE"
os.environ["OPENBLAS_NUM_THREADS"] = str(args.threads)

import numpy as np  # noqa: E402
import torch  # noqa: E402

sys.path.insert(0, os.path.join(args.repo, "bench", "pytorch"))
from study_step import PAIRS, cpu_model, find_images, optimizers, read_idx_images, train_step  # noqa: E402

QUANTITIES = ("d_loss", "g_loss", "d_real", "d_fake")
BATCH, NOISE = 64, 100


def run_gan(pair, steps, out):
    """Gan.Core's side: bench/parity.csx writes the initial weights, the draws and its own per-step values to `out`."""
    cmd = [args.gan, "script", os.path.join(args.repo, "bench", "parity.csx"), "--", "--pair", pair,
           "--steps", str(steps), "--out", out, "--seed", str(args.seed), "--threads", str(args.threads),
           "--precision", "fp64" if args.dtype == "float64" else "fp32"]
    started = time.perf_counter()
    subprocess.run(cmd, cwd=args.repo, env=GAN_ENV, check=True)
    with open(os.path.join(out, "gan.csv")) as f:
        rows = [line.strip().split(",") for line in f.readlines()[1:]]
    # Shortest round-trip digits: of float32 values, parsed as float32 and widened exactly as PyTorch's .item() does.
    dtype = np.float64 if args.dtype == "float64" else np.float32
    return np.array([r[1:] for r in rows], dtype=dtype).astype(np.float64), time.perf_counter() - started


def state_sha256(state):
    """SHA-256 of a state_dict's tensors in ordinal key order, each as raw little-endian bytes (as the test does)."""
    h = hashlib.sha256()
    for key in sorted(state):
        h.update(state[key].detach().contiguous().numpy().tobytes())
    return h.hexdigest()


def nudge(models, draw):
    """Moves every parameter one ulp up or down (a fair coin per value, from a generator seeded with `draw`)."""
    coin = torch.Generator().manual_seed(draw)
    with torch.no_grad():
        for model in models:
            for p in model.parameters():
                direction = torch.randint(0, 2, p.shape, generator=coin).float() * 2 - 1
                p.copy_(torch.nextafter(p, p + direction.to(p.dtype)))


def run_pytorch(pair, steps, out, data, draw=None):
    """The study's side: its modules with Gan.Core's initial weights (nudged by `draw`, if given), its loop on the
    same batches and noise."""
    torch.set_num_threads(args.threads)
    g_cls, d_cls = PAIRS[pair]
    G, D = g_cls(), d_cls()
    dtype = torch.float64 if args.dtype == "float64" else torch.float32
    G.to(dtype)
    D.to(dtype)
    states = {}
    for name, model in (("G", G), ("D", D)):
        states[name] = torch.load(os.path.join(out, "init", name + ".pt"), map_location="cpu")
        model.load_state_dict(states[name], strict=True)
    if draw is not None:
        nudge((G, D), draw)
    opt_g, opt_d = optimizers(G, D)
    noise = np.fromfile(os.path.join(out, "noise.f32"), dtype="<f4").reshape(steps, 2, BATCH, NOISE)
    batches = np.fromfile(os.path.join(out, "batches.i64"), dtype="<i8").reshape(steps, BATCH)
    hashes = {
        "initialG": state_sha256(states["G"]),
        "initialD": state_sha256(states["D"]),
        "noise": hashlib.sha256(noise.tobytes()).hexdigest(),
        "batches": hashlib.sha256(batches.tobytes()).hexdigest(),
    }
    started = time.perf_counter()
    rows = []
    for s in range(steps):
        real = data[torch.from_numpy(batches[s])].to(dtype)
        z_d, z_g = torch.from_numpy(noise[s, 0]).to(dtype), torch.from_numpy(noise[s, 1]).to(dtype)
        rows.append(train_step(G, D, opt_g, opt_d, real, z_d, z_g))
    return np.array(rows), hashes, time.perf_counter() - started


def relative(gan, ref):
    """|gan − ref| / |ref| per value (0 where both are 0, inf where only ref is)."""
    diff = np.abs(gan - ref)
    with np.errstate(divide="ignore", invalid="ignore"):
        rel = np.where(diff == 0, 0.0, diff / np.abs(ref))
    return rel


def first_diverging(worst):
    """The first step (1-based) whose largest relative difference exceeds the tolerance, or None."""
    diverging = np.nonzero(worst > args.tolerance)[0]
    return int(diverging[0]) + 1 if len(diverging) else None


def compare(pair, steps, gan, ref, nudged):
    rel = relative(gan, ref)
    worst = rel.max(axis=1)
    first = min(args.first, steps)
    bounds = ((1, 1), (2, 10), (11, 50), (51, 100), (101, 200), (201, 500), (501, 10**9))
    windows = [(lo, min(hi, steps)) for lo, hi in bounds if lo <= steps]
    return {
        "pair": pair,
        "steps": steps,
        "agreeingSteps": int((worst <= args.tolerance).sum()),
        "firstDivergingStep": first_diverging(worst),
        "maxRelativeDifferenceFirst": float(worst[:first].max()),
        "first": first,
        "bitIdenticalSteps": int((worst == 0).sum()),
        "maxRelativeDifferenceByQuantityFirst": {q: float(rel[:first, i].max()) for i, q in enumerate(QUANTITIES)},
        "maxRelativeDifferenceByWindow": [
            {"from": lo, "to": hi, "max": float(worst[lo - 1:hi].max())} for lo, hi in windows],
        "ulpDrawsFirstDivergingStep": [first_diverging(relative(n, ref).max(axis=1)) for n in nudged],
        "gan": gan.tolist(),
        "pytorch": ref.tolist(),
    }


def print_result(r, gan_s, torch_s):
    first = r["firstDivergingStep"]
    print(f"{r['pair']}: {r['steps']} steps; {r['agreeingSteps']} agree to {args.tolerance:g} relative; "
          f"first diverging step {first if first else 'none'}; max relative difference steps 1-{r['first']}: "
          f"{r['maxRelativeDifferenceFirst']:.2e}; bit-identical steps {r['bitIdenticalSteps']}  "
          f"(gan {gan_s:.1f} s incl. startup, pytorch {torch_s:.1f} s)")
    windows = r["maxRelativeDifferenceByWindow"]
    print("  max relative difference by steps: " + ", ".join(f"{w['from']}-{w['to']} {w['max']:.1e}" for w in windows))
    print("  steps 1-{}: ".format(r["first"]) + ", ".join(
        f"{q} {v:.1e}" for q, v in r["maxRelativeDifferenceByQuantityFirst"].items()))
    if r["ulpDrawsFirstDivergingStep"]:
        print("  pytorch vs pytorch with weights ±1 ulp, first diverging step: " + ", ".join(
            str(s or f">{r['steps']}") for s in r["ulpDrawsFirstDivergingStep"]))


def file_md5(path):
    with open(path, "rb") as f:
        return hashlib.md5(f.read()).hexdigest()


def write_fixture(path, pair, steps, hashes, result):
    g_name, d_name = (c.__name__ for c in PAIRS[pair])
    fixture = {
        "about": "The study's PyTorch loop (bench/pytorch/study_step.py) on Gan.Core's initial weights, noise and "
                 f"batches (seed below, mnist-sample's train split, batch 64, noise 100, {args.dtype}); read by "
                 "tests/Gan.Core.Tests/Interop/StudyParityTests.cs.",
        "regenerate": f"/usr/bin/python3 bench/parity.py --pairs {pair}:{steps} --seed {args.seed} "
                      f"--threads {args.threads}{' --dtype float64' if args.dtype == 'float64' else ''} --ulp-draws 0 "
                      f"--write-fixture {os.path.relpath(os.path.abspath(path), args.repo)}",
        "pytorch": torch.__version__,
        "machine": cpu_model(),
        **({"dtype": "float64"} if args.dtype == "float64" else {}),
        "generator": g_name,
        "discriminator": d_name,
        "seed": args.seed,
        "threads": args.threads,
        "steps": steps,
        "sha256": hashes,
        "trainImagesMd5": file_md5(find_images(os.path.join(args.repo, "data", "mnist-sample"))),
        "columns": list(QUANTITIES),
    }
    # One line per step, so a regenerated fixture diffs step by step.
    rows = ",\n".join("  " + json.dumps([float(v) for v in row]) for row in result["pytorch"])
    with open(path, "w") as f:
        f.write(json.dumps(fixture, indent=1)[:-2] + ',\n "pytorchSteps": [\n' + rows + "\n ]\n}\n")
    print(f"wrote {path} ({os.path.getsize(path)} bytes)")


def main():
    for pair, _ in args.runs:
        if pair not in PAIRS:
            sys.exit(f"parity.py: unknown pair '{pair}'; use one of {', '.join(sorted(PAIRS))}")
    data = read_idx_images(find_images(os.path.join(args.repo, "data", "mnist-sample")))
    print(f"pytorch {torch.__version__} vs gan ({args.gan}); {args.dtype}, seed {args.seed}, threads {args.threads}, "
          f"{cpu_model()}")
    results = []
    with tempfile.TemporaryDirectory(prefix="parity-") as tmp:
        for pair, steps in args.runs:
            out = os.path.join(args.work or tmp, pair)
            gan, gan_s = run_gan(pair, steps, out)
            ref, hashes, torch_s = run_pytorch(pair, steps, out, data)
            nudged = [run_pytorch(pair, steps, out, data, draw)[0] for draw in range(1, args.ulp_draws + 1)]
            r = compare(pair, steps, gan, ref, nudged)
            print_result(r, gan_s, torch_s)
            results.append(r)
            if args.write_fixture:
                write_fixture(args.write_fixture, pair, steps, hashes, r)
    print()
    print(f"| pair | steps | agree to {args.tolerance:g} rel. | first diverging step | max rel. diff, steps "
          f"1-{args.first} | PyTorch vs PyTorch, weights ±1 ulp: first diverging step ({args.ulp_draws} draws) |")
    print("| --- | ---: | ---: | ---: | ---: | ---: |")
    for r in results:
        ulp = ", ".join(str(s or f">{r['steps']}") for s in r["ulpDrawsFirstDivergingStep"]) or "-"
        print(f"| {r['pair'].upper().replace('-', '+')} | {r['steps']} | {r['agreeingSteps']} | "
              f"{r['firstDivergingStep'] or 'none'} | {r['maxRelativeDifferenceFirst']:.1e} | {ulp} |")
    if args.json:
        with open(args.json, "w") as f:
            json.dump({"pytorch": torch.__version__, "machine": cpu_model(), "dtype": args.dtype, "seed": args.seed,
                       "threads": args.threads, "tolerance": args.tolerance, "results": results}, f, indent=1)
            f.write("\n")


if __name__ == "__main__":
    main()
