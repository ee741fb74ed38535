#!/usr/bin/env python3
"""Loads `gan export RUN --to pytorch` output into the study's own PyTorch modules (bench/pytorch/study_step.py).

    python3 bench/check_export.py EXPORT_DIR --pair g1-d1
    python3 bench/check_export.py INIT_DIR --pair g1-d1 --write-init   # the other way: files for gan train --init-from

load_state_dict runs with strict=True, so a missing or unexpected key or a wrong shape fails here. Then G draws a
batch from fixed noise and D scores it, to show the loaded modules compute: G's output must lie in [-1, 1] (Tanh)
and D's in [0, 1] (the study's D ends in Sigmoid). Runs with Debian's python3-torch 1.13 (apt-get install -y python3-torch).
"""

import argparse
import os
import sys

import torch

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "pytorch"))
from study_step import PAIRS  # noqa: E402


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("export_dir")
    ap.add_argument("--pair", choices=sorted(PAIRS), required=True)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--write-init", action="store_true",
                    help="instead: write freshly initialised study modules' state_dicts to EXPORT_DIR, for gan train --init-from")
    a = ap.parse_args()

    g_cls, d_cls = PAIRS[a.pair]
    if a.write_init:
        torch.manual_seed(a.seed)
        os.makedirs(a.export_dir, exist_ok=True)
        torch.save(g_cls().state_dict(), os.path.join(a.export_dir, "G.pt"))
        torch.save(d_cls().state_dict(), os.path.join(a.export_dir, "D.pt"))
        print(f"wrote {a.export_dir}/G.pt and D.pt ({a.pair}, torch {torch.__version__}, seed {a.seed})")
        return
    print(f"torch {torch.__version__}, pair {a.pair}, {a.export_dir}")
    for name, cls, file in (("G", g_cls, "G.pt"), ("D", d_cls, "D.pt")):
        path = os.path.join(a.export_dir, file)
        state = torch.load(path, map_location="cpu")
        model = cls()
        model.load_state_dict(state, strict=True)
        count = sum(t.numel() for t in state.values())
        print(f"  {file}: {len(state)} tensors, {count} values, keys {', '.join(state)}; load_state_dict(strict=True) ok")
        if name == "G":
            g = model
        else:
            d = model

    g.eval()
    d.eval()
    torch.manual_seed(a.seed)
    with torch.no_grad():
        images = g(torch.randn(64, 100))
        scores = d(images)
    lo, hi = images.min().item(), images.max().item()
    print(f"  G(z): shape {tuple(images.shape)}, range [{lo:.4f}, {hi:.4f}]; D(G(z)): shape {tuple(scores.shape)}, "
          f"mean {scores.mean().item():.4f}, range [{scores.min().item():.4f}, {scores.max().item():.4f}]")
    if not (-1 <= lo and hi <= 1 and 0 <= scores.min().item() and scores.max().item() <= 1):
        sys.exit("check_export.py: outputs out of range; the weights did not load as the study's modules expect")
    print("ok")


if __name__ == "__main__":
    main()
