"""The synthetic generator draws what DISTRIBUTIONS (and so the model card) says it draws."""

import tempfile
import unittest
from pathlib import Path

import numpy as np

from fluxion_ml import data
from fluxion_ml.features import FEATURES, NAMES


class GeneratorTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls) -> None:
        cls.ds = data.generate(200_000, 1)

    def test_profile_share_and_positive_rate(self) -> None:
        self.assertAlmostEqual(self.ds.risky.mean(), data.RISKY_SHARE, delta=0.005)
        # Realistic imbalance: a few percent positives, not a balanced toy set.
        self.assertGreater(self.ds.y.mean(), 0.05)
        self.assertLess(self.ds.y.mean(), 0.10)
        # The hidden profile matters but does not decide the label alone.
        self.assertGreater(self.ds.y[self.ds.risky == 1].mean(), 0.4)
        self.assertLess(self.ds.y[self.ds.risky == 1].mean(), 0.9)

    def test_distributions_match_their_parameters(self) -> None:
        for i, name in enumerate(NAMES):
            kind, benign, risky = data.DISTRIBUTIONS[name]
            for profile, params in ((0, benign), (1, risky)):
                col = self.ds.x[self.ds.risky == profile, i].astype(np.float64)
                with self.subTest(feature=name, profile=profile):
                    if kind == "bernoulli":
                        self.assertAlmostEqual(col.mean(), params["p"], delta=0.012)
                    elif kind in ("poisson", "negbin"):
                        self.assertAlmostEqual(col.mean() / params["mean"], 1, delta=0.1)
                    elif kind == "lognormal":
                        self.assertAlmostEqual(np.median(col) / params["median"], 1, delta=0.05)
                    else:  # Student-t: median is the location
                        self.assertAlmostEqual(
                            np.median(col), params["loc"], delta=0.05 * params["scale"]
                        )

    def test_values_respect_the_contract(self) -> None:
        for i, f in enumerate(FEATURES):
            col = self.ds.x[:, i]
            with self.subTest(feature=f.name):
                self.assertGreaterEqual(col.min(), f.min)
                self.assertLessEqual(col.max(), f.max)
                if f.type != "number":
                    np.testing.assert_array_equal(col, np.round(col))

    def test_labels_follow_the_latent_risk(self) -> None:
        # Label noise included, the observed rate tracks p_true within a few points per decile.
        edges = np.quantile(self.ds.p_true, np.linspace(0, 1, 11))
        which = np.clip(np.digitize(self.ds.p_true, edges[1:-1]), 0, 9)
        for b in range(10):
            m = which == b
            self.assertAlmostEqual(self.ds.y[m].mean(), self.ds.p_true[m].mean(), delta=0.03)

    def test_same_seed_same_data(self) -> None:
        a, b, c = data.generate(1_000, 3), data.generate(1_000, 3), data.generate(1_000, 4)
        np.testing.assert_array_equal(a.x, b.x)
        np.testing.assert_array_equal(a.y, b.y)
        self.assertFalse(np.array_equal(a.x, c.x))


class LoadLabelledTest(unittest.TestCase):
    def write(self, text: str, suffix: str = ".csv") -> str:
        tmp = tempfile.NamedTemporaryFile("w", suffix=suffix, delete=False)
        tmp.write(text)
        tmp.close()
        self.addCleanup(Path(tmp.name).unlink)
        return tmp.name

    def test_csv_round_trip(self) -> None:
        header = ",".join((*NAMES, "label"))
        ds = data.load_labelled(
            self.write(f"{header}\n0,1,2,0,0,0.5,3.2,14,30,1,1\n0,0,0,0,0,0.08,-0.4,4,4,0,0\n")
        )
        np.testing.assert_array_equal(ds.y, [1, 0])
        self.assertAlmostEqual(float(ds.x[0, 6]), 3.2, places=6)

    def test_jsonl(self) -> None:
        row = dict.fromkeys(NAMES, 0) | {"label": 1}
        import json

        ds = data.load_labelled(self.write(json.dumps(row) + "\n", ".jsonl"))
        self.assertEqual(ds.x.shape, (1, 10))

    def test_rejects_bad_rows_with_their_line(self) -> None:
        header = ",".join((*NAMES, "label"))
        with self.assertRaisesRegex(
            ValueError, r":3: proxyHops=.2.5. is not a valid integer in \[0, 16\]"
        ):
            data.load_labelled(
                self.write(f"{header}\n0,0,0,0,0,0,0,0,0,0,0\n0,0,2.5,0,0,0,0,0,0,0,1\n")
            )
        with self.assertRaisesRegex(ValueError, "missing columns label"):
            data.load_labelled(self.write(",".join(NAMES) + "\n0,0,0,0,0,0,0,0,0,0\n"))
        with self.assertRaisesRegex(ValueError, "label must be 0 or 1"):
            data.load_labelled(self.write(f"{header}\n0,0,0,0,0,0,0,0,0,0,2\n"))


if __name__ == "__main__":
    unittest.main()
