"""Train the Fluxion risk model and write its artifacts; --check verifies the committed ones.

Run with Debian's interpreter (it has torch, onnx, sklearn, numpy):
    /usr/bin/python3 ml/train.py [--seed N] [--out ml/model] [--data labelled.csv] [--check]
"""

import argparse
import sys
import tempfile
from pathlib import Path

ML_DIR = Path(__file__).resolve().parent
sys.path.insert(0, str(ML_DIR))

# fluxion_ml first: its __init__ pins the CPU kernels before torch is loaded.
from fluxion_ml import check, pipeline  # noqa: E402
from fluxion_ml.train import DEFAULT_SEED  # noqa: E402


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="ml:train", description=__doc__.splitlines()[0])
    parser.add_argument(
        "--seed", type=int, default=DEFAULT_SEED, help=f"random seed (default {DEFAULT_SEED})"
    )
    parser.add_argument(
        "--out",
        type=Path,
        default=ML_DIR / "model",
        help="model directory for risk.onnx and probe.json; features.json, metrics.json and "
        "MODEL_CARD.md go to its parent (default ml/model)",
    )
    parser.add_argument(
        "--data",
        help="labelled CSV or .jsonl (10 feature columns + label) instead of synthetic data",
    )
    parser.add_argument(
        "--check",
        action="store_true",
        help="retrain in a temp dir and compare with the artifacts in --out",
    )
    args = parser.parse_args(argv)

    if args.data and not Path(args.data).is_file():
        print(f"ml:train: --data {args.data}: no such file", file=sys.stderr)
        return 1
    if not args.check:
        try:
            pipeline.run(args.seed, args.out.resolve(), args.data)
        except ValueError as err:  # bad labelled data: say which row, no traceback
            print(f"ml:train: {err}", file=sys.stderr)
            return 1
        return 0

    with tempfile.TemporaryDirectory(prefix="fluxion-ml-check-") as tmp:
        problems = check.check(args.seed, args.out.resolve(), args.data, Path(tmp))
    if problems:
        print(
            "ml check FAILED: the committed artifacts are not what the code produces.",
            file=sys.stderr,
        )
        for p in problems:
            print(f"  - {p}", file=sys.stderr)
        print(
            "Retrain with `npm run ml:train` (same --seed/--data) and commit all artifacts together.",
            file=sys.stderr,
        )
        return 1
    print(
        "ml check passed: retraining reproduces the committed metrics, features and probe outputs."
    )
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
