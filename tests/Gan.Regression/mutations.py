#!/usr/bin/env python3
"""Runs the regression suite's mutation table (README.md, "Mutations").

Each mutation is a one-place edit to src/Gan.Core. For each, this script applies it (the old text must occur exactly
once), builds, runs the suite in strict mode and reverts the file with `git checkout`, whatever happens. It prints
one markdown row per mutation: what failed, and for the float64 trajectories the first failing case, the first
step over the tolerance there, and the largest deviation of any failing case as a multiple of the tolerance (read
from the tests' failure messages). A baseline run of the unmutated tree comes first: a mutation counts as caught only
if the same tests pass without it.

    python3 tests/Gan.Regression/mutations.py            # baseline, then all of them
    python3 tests/Gan.Regression/mutations.py 2 7        # baseline, then mutations 2 and 7
    python3 tests/Gan.Regression/mutations.py --list     # the mutations, without running anything

Every test runs except the D2 cases and the rounding-drift tests, which are slow; the G3 mutations also run one D2
trajectory, since G3 trains only with D2. Exit status: 0 if the baseline passed and every mutation was caught.
"""
import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import xml.etree.ElementTree as ET
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PROJECT = "tests/Gan.Regression"
SRC = "src/Gan.Core"
MISMATCH = ROOT / PROJECT / "__snapshots__" / "__mismatch__"
TRAJECTORY_MISMATCH = ROOT / PROJECT / "trajectories" / "__mismatch__"

G3D2_CASE = "G3D2.non-saturating.k1.slope-seed"
NO_D2 = "Name!~G2D2&Name!~G3D2&FullyQualifiedName!~RoundingDriftTests"
WITH_G3D2 = f"({NO_D2})|(FullyQualifiedName~TrainingTrajectoryTests&Name~{G3D2_CASE}&Name!~joint-d-batch)"
# TrajectoryDeviation.Message's first line.
OVER = re.compile(r"first over tolerance: step (\S+); deviation (\S+) = (\S+)× the tolerance (\S+);.*Worst: (\S+) at")

G3_CONV_1 = "new ConvTranspose2dAsConv(1, 4, kernel_size: 3), "
G3_CONV_4 = "new ConvTranspose2dAsConv(4, 1, kernel_size: 1), "

# (description, file under src/Gan.Core, old text, new text, runs the G3+D2 trajectory)
MUTATIONS = [
    ("layer width: G1's second hidden layer 256 → 128", "Models/Generators.cs",
     "Linear(256, 256), ReLU(inplace: true),\n            Linear(256, 784), Tanh());",
     "Linear(256, 128), ReLU(inplace: true),\n            Linear(128, 784), Tanh());", False),
    ("kernel: G3's last transposed convolution (`ConvTranspose2dAsConv`) 1×1 → 3×3 with padding 1, same shapes", "Models/Generators.cs",
     "new ConvTranspose2dAsConv(4, 1, kernel_size: 1)",
     "new ConvTranspose2dAsConv(4, 1, kernel_size: 3, padding: 1)", True),
    ("layer order: BatchNorm and LeakyReLU swapped in G3's first block", "Models/Generators.cs",
     G3_CONV_1 + "BatchNorm2d(4), LeakyReLU(s),",
     G3_CONV_1 + "LeakyReLU(s), BatchNorm2d(4),", True),
    ("activation slope: D1's first LeakyReLU 0.2 → 0.1", "Models/Discriminators.cs",
     "Linear(784, 256), LeakyReLU(0.2),",
     "Linear(784, 256), LeakyReLU(0.1),", False),
    ("BatchNorm presence: G3's last BatchNorm2d removed", "Models/Generators.cs",
     G3_CONV_4 + "BatchNorm2d(1), LeakyReLU(s),",
     G3_CONV_4 + "LeakyReLU(s),", True),
    ("BatchNorm eps: G3's first BatchNorm2d 1e-5 → 1e-3", "Models/Generators.cs",
     G3_CONV_1 + "BatchNorm2d(4),",
     G3_CONV_1 + "BatchNorm2d(4, eps: 1e-3),", True),
    ("BatchNorm momentum: G3's last BatchNorm2d 0.1 → 0.2", "Models/Generators.cs",
     "BatchNorm2d(1), LeakyReLU(s),",
     "BatchNorm2d(1, momentum: 0.2), LeakyReLU(s),", True),
    ("G-loss form: non-saturating target 1 → 0.9", "Objectives/NonSaturatingBce.cs",
     "public Tensor GeneratorLoss(Tensor fake, Tensor? real) => Bce.Of(fake, 1);",
     "public Tensor GeneratorLoss(Tensor fake, Tensor? real) => Bce.Of(fake, 0.9);", False),
    ("Adam lr: `TrainingConfig` default 3e-4 → 2e-4", "Training/TrainingConfig.cs",
     "public double LearningRate { get; init; } = 3e-4;",
     "public double LearningRate { get; init; } = 2e-4;", False),
    ("Adam betas: D's beta1 0.9 → 0.5 in the default D optimizer", "Training/TrainingParts.cs",
     "new SinglePassAdam(parameters, c.DLearningRate, c.DBeta1, c.Beta2);",
     "new SinglePassAdam(parameters, c.DLearningRate, 0.5, c.Beta2);", False),
    ("k: one extra D step per iteration", "Training/GanTrainer.cs",
     "while (dSteps < Config.DSteps && _batchIndex < batches.Length);",
     "while (dSteps < Config.DSteps + 1 && _batchIndex < batches.Length);", False),
    ("noise distribution: N(0, 1) → U(−1, 1)", "Training/GanTrainer.cs",
     "Tensor Noise(long n) => randn(n, Config.NoiseDim, generator: _noise).to(_dtype, _device);",
     "Tensor Noise(long n) => rand(n, Config.NoiseDim, generator: _noise).mul_(2).sub_(1).to(_dtype, _device);", False),
    ("noise dimension: `TrainingConfig` default 100 → 64", "Training/TrainingConfig.cs",
     "public int NoiseDim { get; init; } = 100;",
     "public int NoiseDim { get; init; } = 64;", False),
    ("normalisation: p/255 without Normalize(0.5, 0.5)", "Data/ImageDataset.cs",
     "pixels.to(ScalarType.Float32).div_(255f).sub_(0.5f).div_(0.5f);",
     "pixels.to(ScalarType.Float32).div_(255f);", False),
    ("batch order: data-order stream seed + 2 → seed + 5", "Training/SeedStreams.cs",
     "public static long DataOrder(long seed) => seed + 2;",
     "public static long DataOrder(long seed) => seed + 5;", False),
    ("initialisation: D built before G from the global RNG", "Training/GanTrainer.cs",
     "G = _parts.Generator(Config);\n        D = _parts.Discriminator(Config);",
     "D = _parts.Discriminator(Config);\n        G = _parts.Generator(Config);", False),
    # Smaller ones, which a 6-digit snapshot could miss.
    ("Adam β2: `TrainingConfig` default 0.999 → 0.998", "Training/TrainingConfig.cs",
     "public double Beta2 { get; init; } = 0.999;",
     "public double Beta2 { get; init; } = 0.998;", False),
    ("Adam ε: 1e-8 → 1e-7", "Optim/SinglePassAdam.cs",
     "double beta1, double beta2, double eps = 1e-8)",
     "double beta1, double beta2, double eps = 1e-7)", False),
    ("Normalize mean: 0.5 → 0.49", "Data/ImageDataset.cs",
     "pixels.to(ScalarType.Float32).div_(255f).sub_(0.5f).div_(0.5f);",
     "pixels.to(ScalarType.Float32).div_(255f).sub_(0.49f).div_(0.5f);", False),
    ("Adam lr × 1.01: `TrainingConfig` default 3e-4 → 3.03e-4", "Training/TrainingConfig.cs",
     "public double LearningRate { get; init; } = 3e-4;",
     "public double LearningRate { get; init; } = 3.03e-4;", False),
    ("activation slope: D1's first LeakyReLU 0.2 → 0.21", "Models/Discriminators.cs",
     "Linear(784, 256), LeakyReLU(0.2),",
     "Linear(784, 256), LeakyReLU(0.21),", False),
]


def log(msg):
    print(msg, file=sys.stderr, flush=True)


def run(cmd, env=None):
    return subprocess.run(cmd, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)


def build():
    result = run(["dotnet", "build", PROJECT, "-c", "Release", "-v", "q", "-nologo"])
    if result.returncode != 0:
        log(result.stdout)
    return result.returncode == 0


def test(test_filter):
    """Runs the suite in strict mode; returns (names run, names failed, failure messages by name) from its TRX log."""
    shutil.rmtree(MISMATCH, ignore_errors=True)
    shutil.rmtree(TRAJECTORY_MISMATCH, ignore_errors=True)
    with tempfile.TemporaryDirectory(prefix="mutations-") as results:
        trx = Path(results) / "run.trx"
        env = dict(os.environ, SNAPSHOOTER_STRICT_MODE="true")
        result = run(["dotnet", "test", PROJECT, "-c", "Release", "--no-build", "--filter", test_filter,
                      "--logger", f"trx;LogFileName={trx}", "--results-directory", results], env)
        if not trx.exists():
            log(result.stdout)
            raise RuntimeError("dotnet test wrote no TRX log")
        ns = {"t": "http://microsoft.com/schemas/VisualStudio/TeamTest/2010"}
        results = list(ET.parse(trx).getroot().iterfind(".//t:UnitTestResult", ns))
        outcomes = [(r.get("testName"), r.get("outcome")) for r in results]
        messages = {r.get("testName"): "".join(m.itertext()) for r in results
                    for m in r.iterfind("./t:Output/t:ErrorInfo/t:Message", ns)}
    outcomes.sort()  # the log lists tests in completion order; sorted, the rows are the same on every run
    ran = [name for name, _ in outcomes]
    failed = [name for name, outcome in outcomes if outcome != "Passed"]
    return ran, failed, messages


def trajectory_columns(failed, messages):
    """(first failing trajectory case, its first step over the tolerance, the largest worst deviation over the
    tolerance of any failing trajectory case) from TrajectoryDeviation's messages; the earliest step decides first."""
    found, shape_only = [], []
    for name in failed:
        if not name.startswith("Trajectory_is_unchanged("):
            continue
        m = OVER.search(messages.get(name, ""))
        if m:
            step = int(m.group(1)) if m.group(1).isdigit() else 10**9
            found.append((step, argument(name), float(m.group(5)) / float(m.group(4))))
        else:
            shape_only.append(argument(name))  # every number within the tolerance: only names or the config moved
    if not found:
        return (f"`{shape_only[0]}`", "-", "shape only") if shape_only else ("-", "-", "-")
    step, case, _ = min(found, key=lambda f: (f[0], -f[2]))
    worst = max(f[2] for f in found)
    return f"`{case}`", str(step) if step < 10**9 else "end of run", f"{worst:.1e}×"


def argument(name):
    """`Trajectory_is_unchanged(G1D1.minimax.k3)` → `G1D1.minimax.k3`."""
    return name[name.index("(") + 1:-1] if "(" in name else ""


def summarise(ran, failed):
    """The failing tests, as compactly as the README writes them."""
    failed_set = set(failed)
    parts = [f"`{n}`" for n in failed if "(" not in n]

    def models(prefix):
        variants = {}
        for n in ran:
            if n.startswith(prefix + "("):
                variants.setdefault(argument(n).split(".")[0], []).append(n)
        return variants

    cards, weights = models("Model_card_is_unchanged"), models("Seed_0_initial_weights_are_unchanged")
    for model in dict.fromkeys(list(cards) + list(weights)):
        card_all = len(cards.get(model, [])) > 1 and all(n in failed_set for n in cards[model])
        weight_all = len(weights.get(model, [])) > 1 and all(n in failed_set for n in weights[model])
        if card_all and weight_all:
            parts.append(f"model card and initial weights of {model} (both slopes)")
        elif card_all:
            parts.append(f"model card of {model} (both slopes)")
        elif weight_all:
            parts.append(f"initial weights of {model} (both slopes)")
        for group, whole in ((cards, card_all), (weights, weight_all)):
            if not whole:
                parts += [f"`{n}`" for n in group.get(model, []) if n in failed_set]

    outputs = {}
    for n in ran:
        if n.startswith("Output_has_the_models_shape_and_range("):
            outputs.setdefault(argument(n).split(",")[0], []).append(n)
    for variant, names in outputs.items():
        if len(names) > 1 and all(n in failed_set for n in names):
            parts.append(f"output shape and range of {variant} (every N)")
        else:
            parts += [f"`{n}`" for n in names if n in failed_set]

    pairs = {}
    for n in ran:
        if n.startswith("Trajectory_is_unchanged("):
            pairs.setdefault(argument(n).split(".")[0], []).append(n)
    for pair, names in pairs.items():
        if len(names) > 1 and all(n in failed_set for n in names):
            parts.append(f"{pair} ×{len(names)}")
        else:
            parts += [f"`{argument(n)}`" for n in names if n in failed_set]

    envelope = [n for n in failed if n.startswith("First_iterations_stay_inside_the_envelope_around_float64(")]
    if envelope:
        parts.append("float32/bf16 envelope: " + ", ".join(f"`{argument(n)}`" for n in envelope))
    known = {n for group in (cards, weights, outputs, pairs) for names in group.values() for n in names} | set(envelope)
    parts += [f"`{n}`" for n in failed if "(" in n and n not in known]
    return ", ".join(parts) if parts else "**not caught**"


def row(number, description, file, caught_by, first="-", step="-", size="-"):
    return f"| {number} | {description} (`{file}`) | {caught_by} | {first} | {step} | {size} |"


def run_mutation(number, keep_mismatch):
    description, file, old, new, with_g3d2 = MUTATIONS[number - 1]
    path = ROOT / SRC / file
    text = path.read_text(encoding="utf-8")
    count = text.count(old)
    if count != 1:
        raise RuntimeError(f"mutation {number}: the old text occurs {count} times in {SRC}/{file}, not once:\n{old}")
    try:
        path.write_text(text.replace(old, new), encoding="utf-8")
        if not build():
            return None
        ran, failed, messages = test(WITH_G3D2 if with_g3d2 else NO_D2)
        for kept in (MISMATCH, TRAJECTORY_MISMATCH):
            if keep_mismatch and kept.exists():
                shutil.copytree(kept, Path(keep_mismatch) / str(number), dirs_exist_ok=True)
    finally:
        subprocess.run(["git", "checkout", "--", f"{SRC}/{file}"], cwd=ROOT, check=True)
    return ran, failed, messages


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("numbers", nargs="*", type=int, help="mutations to run (default: all)")
    parser.add_argument("--list", action="store_true", help="print the mutations and exit")
    parser.add_argument("--keep-mismatch", metavar="DIR",
                        help="copy each mutation's __snapshots__/__mismatch__ files to DIR/<number>/")
    args = parser.parse_args()
    numbers = args.numbers or list(range(1, len(MUTATIONS) + 1))
    for n in numbers:
        if not 1 <= n <= len(MUTATIONS):
            parser.error(f"no mutation {n}; they are numbered 1 to {len(MUTATIONS)}")
    if args.list:
        for n in numbers:
            description, file, _, _, _ = MUTATIONS[n - 1]
            print(f"{n:2}  {description} ({file})")
        return 0

    files = sorted({f"{SRC}/{MUTATIONS[n - 1][1]}" for n in numbers})
    if run(["git", "diff", "--quiet", "HEAD", "--", *files]).returncode != 0:
        log("refusing to run: these files have uncommitted changes, which the revert would discard: " + " ".join(files))
        return 2

    start = time.monotonic()
    log("baseline: building and testing the unmutated tree")
    if not build():
        log("baseline: the unmutated tree does not build")
        return 1
    ran, failed, _ = test(WITH_G3D2)
    if failed:
        log(f"baseline: {len(failed)} of {len(ran)} tests fail without any mutation: " + ", ".join(failed))
        return 1
    baseline = set(ran)
    log(f"baseline: {len(ran)} tests pass ({time.monotonic() - start:.0f} s)")

    rows, all_caught = [], True
    try:
        for n in numbers:
            t0 = time.monotonic()
            outcome = run_mutation(n, args.keep_mismatch)
            if outcome is None:
                all_caught = False
                rows.append(row(n, MUTATIONS[n - 1][0], MUTATIONS[n - 1][1], "**does not build** (fix the mutation)"))
                log(rows[-1])
                continue
            ran, failed, messages = outcome
            # A crashed test host reports fewer tests, and a test that never ran proves nothing.
            expected = baseline if MUTATIONS[n - 1][4] else baseline - {f"Trajectory_is_unchanged({G3D2_CASE})"}
            columns = ("-", "-", "-")
            if set(ran) != expected:
                all_caught = False
                caught_by = f"**incomplete run**: {len(ran)} tests ran, {len(expected)} expected"
            else:
                all_caught &= bool(failed)
                caught_by = summarise(ran, failed)
                columns = trajectory_columns(failed, messages)
            rows.append(row(n, MUTATIONS[n - 1][0], MUTATIONS[n - 1][1], caught_by, *columns))
            log(f"{rows[-1]}    ({len(failed)} of {len(ran)} failed, {time.monotonic() - t0:.0f} s)")
    finally:
        # Leaves the build output matching the (reverted) sources, so a later --no-build run tests the real code.
        log("rebuilding the unmutated tree")
        build()

    print("| # | mutation (file) | caught by | first failing trajectory | first step over the tolerance | largest deviation / tolerance |")
    print("| --- | --- | --- | --- | ---: | ---: |")
    print("\n".join(rows))
    log(f"total: {time.monotonic() - start:.0f} s")
    return 0 if all_caught else 1


if __name__ == "__main__":
    sys.exit(main())
