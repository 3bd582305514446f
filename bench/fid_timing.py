"""Times one FID at d=2048, N=10,000 the way pytorch-fid does it (numpy mean/cov, then
scipy.linalg.sqrtm of S1 S2; wall-clock and process CPU seconds), on structured random embeddings it writes for gan4j's FidTiming.

Embeddings: ReLU features of a random rank-256 map plus small isotropic noise, like the
non-negative, ill-conditioned pool features of a CNN:
  real = relu(Z W) + 0.01 E,  fake = relu((1.1 Z + 0.1) W) + 0.01 E',  Z, E, E' standard normal,
  W [256, 2048] normal / sqrt(256); seed 0.
Usage: /usr/bin/python3 bench/fid_timing.py DIR [N=10000] [D=2048]
Writes DIR/real.npy and DIR/fake.npy (float64) and prints one JSON line.
"""
import json
import sys
import time

import numpy as np
from scipy import linalg


def embeddings(rng, n, d, scale, shift, w):
    z = rng.standard_normal((n, w.shape[0])) * scale + shift
    return np.maximum(z @ w, 0) + 0.01 * rng.standard_normal((n, d))


def main():
    out = sys.argv[1]
    n = int(sys.argv[2]) if len(sys.argv) > 2 else 10000
    d = int(sys.argv[3]) if len(sys.argv) > 3 else 2048
    rng = np.random.default_rng(0)
    w = rng.standard_normal((256, d)) / np.sqrt(256)
    real = embeddings(rng, n, d, 1.0, 0.0, w)
    fake = embeddings(rng, n, d, 1.1, 0.1, w)
    np.save(out + "/real.npy", real)
    np.save(out + "/fake.npy", fake)

    c0, t0 = time.process_time(), time.perf_counter()
    m1, s1 = real.mean(axis=0), np.cov(real, rowvar=False)
    m2, s2 = fake.mean(axis=0), np.cov(fake, rowvar=False)
    c1, t1 = time.process_time(), time.perf_counter()
    covmean, _ = linalg.sqrtm(s1.dot(s2), disp=False)
    max_imag = float(np.abs(covmean.imag).max()) if np.iscomplexobj(covmean) else 0.0
    covmean = covmean.real
    diff = m1 - m2
    fid = float(diff.dot(diff) + np.trace(s1) + np.trace(s2) - 2 * np.trace(covmean))
    c2, t2 = time.process_time(), time.perf_counter()
    print(json.dumps({"impl": "scipy.linalg.sqrtm", "n": n, "d": d, "fid": fid, "stats_s": t1 - t0,
                      "distance_s": t2 - t1, "total_s": t2 - t0,
                      "stats_cpu_s": c1 - c0, "distance_cpu_s": c2 - c1, "sqrtm_max_imag": max_imag,
                      "numpy": np.__version__, "scipy": __import__("scipy").__version__}))


if __name__ == "__main__":
    main()
