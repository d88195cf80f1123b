"""The exported graph: preprocessing inside, occlusion contributions, dynamic batch."""

import unittest

import numpy as np
import torch

from fluxion_ml import onnx_eval
from fluxion_ml.features import N_FEATURES, NAMES
from tests.fixtures import rows, small_model


def net_score(wrapper, x: np.ndarray) -> np.ndarray:  # noqa: ANN001
    """Score from the bare network, bypassing the occlusion wrapper."""
    with torch.no_grad():
        return torch.sigmoid(wrapper.net(torch.from_numpy(x.astype(np.float32)))).numpy()


class OcclusionTest(unittest.TestCase):
    def test_row_at_baseline_contributes_nothing(self) -> None:
        wrapper, model, _ = small_model()
        x = wrapper.baseline.numpy()[None, :]
        _, contrib = wrapper(torch.from_numpy(x))
        np.testing.assert_array_equal(contrib.detach().numpy(), np.zeros((1, N_FEATURES)))
        _, g_contrib = onnx_eval.run(model, x)
        np.testing.assert_allclose(g_contrib, 0, atol=1e-7)

    def test_contributions_match_manual_rescoring(self) -> None:
        wrapper, _, _ = small_model()
        x = rows(50)
        with torch.no_grad():
            score, contrib = (t.numpy() for t in wrapper(torch.from_numpy(x)))
        np.testing.assert_allclose(score, net_score(wrapper, x), atol=1e-7)
        baseline = wrapper.baseline.numpy()
        for j in range(N_FEATURES):
            occluded = x.copy()
            occluded[:, j] = baseline[j]
            with self.subTest(feature=NAMES[j]):
                np.testing.assert_allclose(
                    contrib[:, j], score - net_score(wrapper, occluded), atol=1e-6
                )

    def test_a_risky_signal_contributes_positively(self) -> None:
        wrapper, _, _ = small_model()
        x = wrapper.baseline.numpy().copy()
        x[NAMES.index("thermalAnomaly")] = 1
        x[NAMES.index("rapidApiCalls")] = 2_000
        _, contrib = wrapper(torch.from_numpy(x[None, :]))
        self.assertGreater(float(contrib[0, NAMES.index("rapidApiCalls")]), 0)


class GraphTest(unittest.TestCase):
    def test_raw_inputs_give_torch_scores(self) -> None:
        # Normalisation lives in the graph: the raw values go in, and the graph agrees with the
        # torch network fed the same raw values.
        wrapper, model, test = small_model()
        score, contrib = onnx_eval.run(model, test.x)
        np.testing.assert_allclose(score, net_score(wrapper, test.x), atol=1e-5)
        with torch.no_grad():
            np.testing.assert_allclose(
                contrib, wrapper(torch.from_numpy(test.x))[1].numpy(), atol=1e-5
            )

    def test_dynamic_batch(self) -> None:
        wrapper, model, _ = small_model()
        for n in (1, 1000):
            x = rows(n, seed=n)
            score, contrib = onnx_eval.run(model, x)
            with self.subTest(batch=n):
                self.assertEqual(score.shape, (n,))
                self.assertEqual(contrib.shape, (n, N_FEATURES))
                self.assertEqual(score.dtype, np.float32)
                np.testing.assert_allclose(score, net_score(wrapper, x), atol=1e-5)

    def test_interface_and_metadata(self) -> None:
        _, model, _ = small_model()

        def dims(value_info) -> list[str | int]:  # noqa: ANN001
            return [d.dim_param or d.dim_value for d in value_info.type.tensor_type.shape.dim]

        self.assertEqual(
            [(i.name, dims(i)) for i in model.graph.input], [("features", ["batch", 10])]
        )
        outputs = [(o.name, dims(o)) for o in model.graph.output]
        self.assertEqual(outputs, [("score", ["batch"]), ("contributions", ["batch", 10])])
        meta = {p.key: p.value for p in model.metadata_props}
        self.assertEqual(meta["features"], ",".join(NAMES))
        self.assertRegex(meta["version"], r"^risk-v1-[0-9a-f]{8}$")
        self.assertEqual(model.opset_import[0].version, 17)

    def test_values_beyond_training_range_are_clamped(self) -> None:
        wrapper, model, _ = small_model()
        hi = wrapper.net.norm.hi.numpy()
        x = np.tile(wrapper.baseline.numpy(), (2, 1))
        j = NAMES.index("rapidApiCalls")
        x[0, j], x[1, j] = hi[j], 100_000
        score, _ = onnx_eval.run(model, x)
        self.assertEqual(score[0], score[1])

    def test_numpy_evaluator_rejects_unknown_ops(self) -> None:
        _, model, _ = small_model()
        broken = type(model)()
        broken.CopyFrom(model)
        broken.graph.node[-1].op_type = "Erf"
        with self.assertRaisesRegex(NotImplementedError, "Erf"):
            onnx_eval.run_numpy(broken, {"features": rows(1)})


if __name__ == "__main__":
    unittest.main()
