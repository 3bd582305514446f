"""Independent reference values for gan4j's FID, Inception Score, KID and precision/recall tests.

Embeddings come from a closed formula that FidOracleTest.java evaluates identically:
  x[i, j] = sum_k sin(0.37 (i+1)(k+1) + 0.11 (j+1)(k+2) + shift) * (k+1)^-power   (k < rank)
          + noise * sin(1.7 (i+1) + 2.3 (j+1)^1.3 + shift)
Two sets (shift 0 and 0.5) per case. FID is computed as pytorch-fid does (scipy.linalg.sqrtm of
S1 S2, real part) and by the symmetric eigenvalue route (eigenvalues at or below d * eps * the
largest treated as 0); both are written to fid_oracle.json.
Run with Debian's python3-numpy and python3-scipy: /usr/bin/python3 fid_oracle.py
"""
import json
import os
import numpy as np
from scipy import linalg

CASES = [
    # name, n, d, rank, power, noise
    ("small", 100, 8, 8, 0.5, 0.1),
    ("medium", 300, 64, 64, 1.0, 0.05),
    ("ill-conditioned 2048-d, N=500", 500, 2048, 40, 1.5, 1e-3),
]


def embeddings(n, d, rank, power, noise, shift):
    i = np.arange(1, n + 1, dtype=np.float64)[:, None, None]
    j = np.arange(1, d + 1, dtype=np.float64)[None, :, None]
    k = np.arange(rank, dtype=np.float64)[None, None, :]
    x = (np.sin(0.37 * i * (k + 1) + 0.11 * j * (k + 2) + shift) * (k + 1) ** -power).sum(axis=2)
    i2 = np.arange(1, n + 1, dtype=np.float64)[:, None]
    j2 = np.arange(1, d + 1, dtype=np.float64)[None, :]
    return x + noise * np.sin(1.7 * i2 + 2.3 * j2 ** 1.3 + shift)


def stats(x):
    return x.mean(axis=0), np.cov(x, rowvar=False)


def fid_sqrtm(m1, s1, m2, s2):
    covmean, _ = linalg.sqrtm(s1.dot(s2), disp=False)
    covmean = covmean.real
    diff = m1 - m2
    return float(diff.dot(diff) + np.trace(s1) + np.trace(s2) - 2 * np.trace(covmean))


def clamp(w):
    """Eigenvalues at or below d * machine epsilon * the largest one are numerically zero."""
    tol = len(w) * np.finfo(np.float64).eps * max(w.max(), 0.0)
    return np.where(w > tol, w, 0.0)


def fid_eigen(m1, s1, m2, s2):
    w, v = linalg.eigh(s1)
    root = (v * np.sqrt(clamp(w))) @ v.T
    m = root @ s2 @ root
    ev = linalg.eigvalsh((m + m.T) / 2)
    diff = m1 - m2
    return float(diff.dot(diff) + np.trace(s1) + np.trace(s2) - 2 * np.sqrt(clamp(ev)).sum())


def inception_score(p, splits):
    scores = []
    n = p.shape[0]
    for i in range(splits):
        part = p[i * n // splits:(i + 1) * n // splits]
        py = part.mean(axis=0, keepdims=True)
        kl = (part * (np.log(np.maximum(part, 1e-300)) - np.log(np.maximum(py, 1e-300)))).sum(axis=1)
        scores.append(np.exp(kl.mean()))
    return float(np.mean(scores)), float(np.std(scores))


def mmd2_unbiased(x, y):
    d = x.shape[1]
    m = x.shape[0]
    kxx = (x @ x.T / d + 1) ** 3
    kyy = (y @ y.T / d + 1) ** 3
    kxy = (x @ y.T / d + 1) ** 3
    return float((kxx.sum() - np.trace(kxx)) / (m * (m - 1)) + (kyy.sum() - np.trace(kyy)) / (m * (m - 1))
                 - 2 * kxy.sum() / m ** 2)


def precision_recall(real, fake, k):
    def radii(x):
        d = ((x[:, None, :] - x[None, :, :]) ** 2).sum(-1)
        return np.sort(d, axis=1)[:, k]
    def inside(q, c, r2):
        d = ((q[:, None, :] - c[None, :, :]) ** 2).sum(-1)
        return float((d <= r2[None, :]).any(axis=1).mean())
    return inside(fake, real, radii(real)), inside(real, fake, radii(fake))


out = []
for name, n, d, rank, power, noise in CASES:
    a = embeddings(n, d, rank, power, noise, 0.0)
    b = embeddings(n, d, rank, power, noise, 0.5)
    m1, s1 = stats(a)
    m2, s2 = stats(b)
    out.append({"name": name, "n": n, "d": d, "rank": rank, "power": power, "noise": noise,
                "trace_s1": float(np.trace(s1)), "fid_sqrtm": fid_sqrtm(m1, s1, m2, s2),
                "fid_eigen": fid_eigen(m1, s1, m2, s2), "fid_self_eigen": fid_eigen(m1, s1, m1, s1)})
    print(out[-1])
# Inception Score of softmax(logits) with logits from the same formula (n=500, K=10, 10 splits),
# and KID (one subset of all 300 rows) between the "medium" embedding sets.
logits = 3 * embeddings(500, 10, 10, 1.0, 0.3, 0.0)
prob = np.exp(logits - logits.max(axis=1, keepdims=True))
prob /= prob.sum(axis=1, keepdims=True)
is_mean, is_std = inception_score(prob, 10)
kid = mmd2_unbiased(embeddings(300, 64, 64, 1.0, 0.05, 0.0), embeddings(300, 64, 64, 1.0, 0.05, 0.5))
pr_real = embeddings(200, 16, 16, 1.0, 0.05, 0.0)
pr_fake = 0.95 * embeddings(200, 16, 16, 1.0, 0.05, 0.05)
precision, recall = precision_recall(pr_real, pr_fake, 3)
extra = {"is_mean": is_mean, "is_std": is_std, "kid_full_medium": kid, "pr_precision": precision,
         "pr_recall": recall}
print(extra)
path = os.path.join(os.path.dirname(__file__), "..", "resources", "org", "gan4j", "metrics", "fid_oracle.json")
with open(path, "w") as f:
    json.dump({"generator": "gan-metrics/src/test/oracle/fid_oracle.py", "numpy": np.__version__,
               "scipy": __import__("scipy").__version__, "cases": out, **extra}, f, indent=1)
