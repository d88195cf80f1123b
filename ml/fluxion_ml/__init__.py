"""Fluxion risk model: synthetic data, training, ONNX export, metrics and model card."""

import os
import platform

# Set before torch loads (this package is imported first): OpenBLAS and ATen pick kernels by
# CPU model, and different kernels round differently. Pinning them to AVX2 (every x86-64 server
# since 2013) keeps the weights bit-reproducible across x86 machines, which `train.py --check`
# relies on. One thread for the same reason. An explicit environment setting wins.
if platform.machine() in ("x86_64", "AMD64"):
    os.environ.setdefault("OPENBLAS_CORETYPE", "Haswell")
    os.environ.setdefault("ATEN_CPU_CAPABILITY", "avx2")
for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")
