"""Trains the reference DCGAN pair in PyTorch on the first 8,000 bundled digits and saves samples.

The comparison point for gan4j's own DCGAN training: same architecture (../shared/peers/
torch_gan_bench.py's dcgan_pair), Adam(2e-4, betas (0.5, 0.999)), non-saturating loss, batch 64,
shuffled epochs, seed 42, one thread. Saves N samples from the generator in eval mode (running
batch-norm statistics) as a float32 .npy of shape [N, 1, 28, 28] in [-1, 1]; measure them with
  java ... org.gan4j.examples.Evaluate --samples-file OUT.npy
Usage: torch_dcgan_samples.py STEPS OUT.npy [N=2000]
Needs Debian's python3-torch and python3-numpy.
"""
import gzip
import os
import sys
import time

import numpy as np
import torch
import torch.nn.functional as F

HERE = os.path.dirname(os.path.abspath(__file__))
SHARED = os.path.join(HERE, '..', '..', 'shared')
sys.path.insert(0, os.path.join(SHARED, 'peers'))
from torch_gan_bench import dcgan_pair  # noqa: E402


def main():
    steps, out = int(sys.argv[1]), sys.argv[2]
    n = int(sys.argv[3]) if len(sys.argv) > 3 else 2000
    torch.set_num_threads(1)
    torch.manual_seed(42)
    raw = gzip.open(os.path.join(SHARED, 'data', 'mnist-digits-10k', 'images-idx3-ubyte.gz')).read()
    x = np.frombuffer(raw[16:], dtype=np.uint8).reshape(-1, 1, 28, 28)[:8000].astype(np.float32) / 127.5 - 1
    data = torch.from_numpy(x)
    g, d = dcgan_pair()
    og = torch.optim.Adam(g.parameters(), 2e-4, betas=(0.5, 0.999))
    od = torch.optim.Adam(d.parameters(), 2e-4, betas=(0.5, 0.999))
    b = 64
    ones, zeros = torch.ones(b, 1), torch.zeros(b, 1)
    perm, pos = torch.randperm(len(data)), 0
    t = time.time()
    for s in range(steps):
        if pos + b > len(data):
            perm, pos = torch.randperm(len(data)), 0
        real = data[perm[pos:pos + b]]
        pos += b
        fake = g(torch.randn(b, 100))
        ld = F.binary_cross_entropy_with_logits(d(real), ones) + \
            F.binary_cross_entropy_with_logits(d(fake.detach()), zeros)
        od.zero_grad()
        ld.backward()
        od.step()
        lg = F.binary_cross_entropy_with_logits(d(g(torch.randn(b, 100))), ones)
        og.zero_grad()
        lg.backward()
        og.step()
        if s % 200 == 0:
            print(s, float(ld), float(lg), '%.1f s' % (time.time() - t), flush=True)
    g.eval()
    with torch.no_grad():
        samples = torch.cat([g(torch.randn(min(500, n - k), 100)) for k in range(0, n, 500)]).numpy()
    np.save(out, samples.astype(np.float32))
    print('saved', samples.shape, 'after %d steps in %.1f s' % (steps, time.time() - t))


if __name__ == '__main__':
    main()
