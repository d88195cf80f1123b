"""Metric helpers on hand-checkable inputs."""

import unittest

import numpy as np

from fluxion_ml.evaluate import at_threshold, evaluate, reliability


class EvaluateTest(unittest.TestCase):
    def test_precision_recall_at_threshold(self) -> None:
        y = np.array([1, 1, 0, 0, 1])
        p = np.array([0.95, 0.7, 0.65, 0.1, 0.2])
        r = at_threshold(y, p, 0.6)
        self.assertEqual((r["truePositives"], r["falsePositives"], r["falseNegatives"]), (2, 1, 1))
        self.assertAlmostEqual(r["precision"], 2 / 3, places=6)
        self.assertAlmostEqual(r["recall"], 2 / 3, places=6)
        self.assertIsNone(at_threshold(y, p, 0.99)["precision"])  # nothing flagged

    def test_calibrated_scores_have_small_ece(self) -> None:
        rng = np.random.default_rng(0)
        p = rng.random(200_000)
        y = (rng.random(200_000) < p).astype(int)
        table, ece = reliability(y, p)
        self.assertLess(ece, 0.01)
        self.assertEqual(sum(b["count"] for b in table), 200_000)
        _, ece_bad = reliability(y, np.clip(p + 0.2, 0, 1))
        self.assertGreater(ece_bad, 0.1)

    def test_summary_fields(self) -> None:
        m = evaluate(np.array([0, 1, 0, 1]), np.array([0.1, 0.9, 0.2, 0.8]))
        self.assertEqual(m["rocAuc"], 1.0)
        self.assertEqual([t["threshold"] for t in m["thresholds"]], [0.3, 0.6, 0.85, 0.92])
        self.assertEqual(len(m["calibration"]["reliability"]), 10)


if __name__ == "__main__":
    unittest.main()
