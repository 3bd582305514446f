"""Reference values for gan4j's FID Inception tests (FidInceptionTest.java).

Builds the FID Inception network in PyTorch exactly as pytorch-fid defines it (torchvision's
Inception3 with 1008 classes and no auxiliary head, Mixed_5b..5d = FIDInceptionA, Mixed_6b..6e =
FIDInceptionC, Mixed_7b = FIDInceptionE_1, Mixed_7c = FIDInceptionE_2), fills every tensor of its
state dict from a closed formula that FidInceptionTest.java evaluates bit for bit:

  z = (crc32(key) << 32) + i   (uint64, i = flat C-order index)
  z = splitmix64 finaliser of z * 0x9E3779B97F4A7C15
  value = lo + width * float32(z >> 40) * 2^-24          (all float32 operations)

with (lo, width) by tensor kind (see RANGES), converts the state dict with
../../../scripts/fid_inception_to_npz.py and writes into ../resources/org/gan4j/metrics/inception/:
  inception_oracle.json       CRC-32 of each converted tensor's little-endian float32 bytes
  inception_reference.npz     for each case, pytorch-fid's forward on formula inputs (seed 1000+c,
                              range [-1, 1]): bilinear resize to 299x299 (align_corners=False),
                              pool3 [n, 2048], fc logits [n, 1008], and the same without fc's bias;
                              plus sampled values of the resized input
  tiny_state_dict.npz         the converter's output for a small conv + batch-norm state dict
                              saved as a .pth file (values: the formula, range [-1, 1])
Run with Debian's python3-torch and python3-numpy: /usr/bin/python3 inception_oracle.py
"""
import importlib.util
import json
import math
import os
import tempfile
import zlib

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "..", "resources", "org", "gan4j", "metrics", "inception")
CASES = [("rgb_upsample", (2, 3, 40, 48)), ("gray", (1, 1, 28, 28)), ("rgb_downsample", (1, 3, 320, 310))]
RESIZE_SAMPLES = 64


def formula(key_seed, shape, lo, width):
    n = int(np.prod(shape))
    z = (np.uint64(key_seed) << np.uint64(32)) + np.arange(n, dtype=np.uint64)
    with np.errstate(over="ignore"):
        z = z * np.uint64(0x9E3779B97F4A7C15)
        z = (z ^ (z >> np.uint64(30))) * np.uint64(0xBF58476D1CE4E5B9)
        z = (z ^ (z >> np.uint64(27))) * np.uint64(0x94D049BB133111EB)
        z = z ^ (z >> np.uint64(31))
    u = (z >> np.uint64(40)).astype(np.float32) * np.float32(2.0 ** -24)
    return (np.float32(lo) + np.float32(width) * u).astype(np.float32).reshape(shape)


def key_seed(key):
    return zlib.crc32(key.encode("utf-8"))


def range_of(key, shape):
    """(lo, width) for a state-dict entry; mirrored in FidInceptionTest.java."""
    if key.endswith("bn.weight") or key.endswith("bn.running_var"):
        return np.float32(0.8), np.float32(0.4)
    if key.endswith("bias") or key.endswith("running_mean"):
        return np.float32(-0.1), np.float32(0.2)
    a = np.float32(math.sqrt(6.0 / int(np.prod(shape[1:]))))
    return -a, np.float32(2) * a


class BasicConv2d(nn.Module):
    def __init__(self, cin, cout, **kw):
        super().__init__()
        self.conv = nn.Conv2d(cin, cout, bias=False, **kw)
        self.bn = nn.BatchNorm2d(cout, eps=0.001)

    def forward(self, x):
        return F.relu(self.bn(self.conv(x)))


class FIDInceptionA(nn.Module):
    def __init__(self, cin, pool_features):
        super().__init__()
        self.branch1x1 = BasicConv2d(cin, 64, kernel_size=1)
        self.branch5x5_1 = BasicConv2d(cin, 48, kernel_size=1)
        self.branch5x5_2 = BasicConv2d(48, 64, kernel_size=5, padding=2)
        self.branch3x3dbl_1 = BasicConv2d(cin, 64, kernel_size=1)
        self.branch3x3dbl_2 = BasicConv2d(64, 96, kernel_size=3, padding=1)
        self.branch3x3dbl_3 = BasicConv2d(96, 96, kernel_size=3, padding=1)
        self.branch_pool = BasicConv2d(cin, pool_features, kernel_size=1)

    def forward(self, x):
        b1 = self.branch1x1(x)
        b5 = self.branch5x5_2(self.branch5x5_1(x))
        b3 = self.branch3x3dbl_3(self.branch3x3dbl_2(self.branch3x3dbl_1(x)))
        bp = self.branch_pool(F.avg_pool2d(x, kernel_size=3, stride=1, padding=1, count_include_pad=False))
        return torch.cat([b1, b5, b3, bp], 1)


class InceptionB(nn.Module):
    def __init__(self, cin):
        super().__init__()
        self.branch3x3 = BasicConv2d(cin, 384, kernel_size=3, stride=2)
        self.branch3x3dbl_1 = BasicConv2d(cin, 64, kernel_size=1)
        self.branch3x3dbl_2 = BasicConv2d(64, 96, kernel_size=3, padding=1)
        self.branch3x3dbl_3 = BasicConv2d(96, 96, kernel_size=3, stride=2)

    def forward(self, x):
        b3 = self.branch3x3(x)
        bd = self.branch3x3dbl_3(self.branch3x3dbl_2(self.branch3x3dbl_1(x)))
        return torch.cat([b3, bd, F.max_pool2d(x, kernel_size=3, stride=2)], 1)


class FIDInceptionC(nn.Module):
    def __init__(self, cin, c7):
        super().__init__()
        self.branch1x1 = BasicConv2d(cin, 192, kernel_size=1)
        self.branch7x7_1 = BasicConv2d(cin, c7, kernel_size=1)
        self.branch7x7_2 = BasicConv2d(c7, c7, kernel_size=(1, 7), padding=(0, 3))
        self.branch7x7_3 = BasicConv2d(c7, 192, kernel_size=(7, 1), padding=(3, 0))
        self.branch7x7dbl_1 = BasicConv2d(cin, c7, kernel_size=1)
        self.branch7x7dbl_2 = BasicConv2d(c7, c7, kernel_size=(7, 1), padding=(3, 0))
        self.branch7x7dbl_3 = BasicConv2d(c7, c7, kernel_size=(1, 7), padding=(0, 3))
        self.branch7x7dbl_4 = BasicConv2d(c7, c7, kernel_size=(7, 1), padding=(3, 0))
        self.branch7x7dbl_5 = BasicConv2d(c7, 192, kernel_size=(1, 7), padding=(0, 3))
        self.branch_pool = BasicConv2d(cin, 192, kernel_size=1)

    def forward(self, x):
        b1 = self.branch1x1(x)
        b7 = self.branch7x7_3(self.branch7x7_2(self.branch7x7_1(x)))
        bd = x
        for m in (self.branch7x7dbl_1, self.branch7x7dbl_2, self.branch7x7dbl_3, self.branch7x7dbl_4,
                  self.branch7x7dbl_5):
            bd = m(bd)
        bp = self.branch_pool(F.avg_pool2d(x, kernel_size=3, stride=1, padding=1, count_include_pad=False))
        return torch.cat([b1, b7, bd, bp], 1)


class InceptionD(nn.Module):
    def __init__(self, cin):
        super().__init__()
        self.branch3x3_1 = BasicConv2d(cin, 192, kernel_size=1)
        self.branch3x3_2 = BasicConv2d(192, 320, kernel_size=3, stride=2)
        self.branch7x7x3_1 = BasicConv2d(cin, 192, kernel_size=1)
        self.branch7x7x3_2 = BasicConv2d(192, 192, kernel_size=(1, 7), padding=(0, 3))
        self.branch7x7x3_3 = BasicConv2d(192, 192, kernel_size=(7, 1), padding=(3, 0))
        self.branch7x7x3_4 = BasicConv2d(192, 192, kernel_size=3, stride=2)

    def forward(self, x):
        b3 = self.branch3x3_2(self.branch3x3_1(x))
        b7 = self.branch7x7x3_4(self.branch7x7x3_3(self.branch7x7x3_2(self.branch7x7x3_1(x))))
        return torch.cat([b3, b7, F.max_pool2d(x, kernel_size=3, stride=2)], 1)


class FIDInceptionE(nn.Module):
    def __init__(self, cin, max_pool):
        super().__init__()
        self.max_pool = max_pool
        self.branch1x1 = BasicConv2d(cin, 320, kernel_size=1)
        self.branch3x3_1 = BasicConv2d(cin, 384, kernel_size=1)
        self.branch3x3_2a = BasicConv2d(384, 384, kernel_size=(1, 3), padding=(0, 1))
        self.branch3x3_2b = BasicConv2d(384, 384, kernel_size=(3, 1), padding=(1, 0))
        self.branch3x3dbl_1 = BasicConv2d(cin, 448, kernel_size=1)
        self.branch3x3dbl_2 = BasicConv2d(448, 384, kernel_size=3, padding=1)
        self.branch3x3dbl_3a = BasicConv2d(384, 384, kernel_size=(1, 3), padding=(0, 1))
        self.branch3x3dbl_3b = BasicConv2d(384, 384, kernel_size=(3, 1), padding=(1, 0))
        self.branch_pool = BasicConv2d(cin, 192, kernel_size=1)

    def forward(self, x):
        b1 = self.branch1x1(x)
        b3 = self.branch3x3_1(x)
        b3 = torch.cat([self.branch3x3_2a(b3), self.branch3x3_2b(b3)], 1)
        bd = self.branch3x3dbl_2(self.branch3x3dbl_1(x))
        bd = torch.cat([self.branch3x3dbl_3a(bd), self.branch3x3dbl_3b(bd)], 1)
        if self.max_pool:  # FIDInceptionE_2
            p = F.max_pool2d(x, kernel_size=3, stride=1, padding=1)
        else:  # FIDInceptionE_1
            p = F.avg_pool2d(x, kernel_size=3, stride=1, padding=1, count_include_pad=False)
        return torch.cat([b1, b3, bd, self.branch_pool(p)], 1)


class FIDInceptionV3(nn.Module):
    def __init__(self):
        super().__init__()
        self.Conv2d_1a_3x3 = BasicConv2d(3, 32, kernel_size=3, stride=2)
        self.Conv2d_2a_3x3 = BasicConv2d(32, 32, kernel_size=3)
        self.Conv2d_2b_3x3 = BasicConv2d(32, 64, kernel_size=3, padding=1)
        self.Conv2d_3b_1x1 = BasicConv2d(64, 80, kernel_size=1)
        self.Conv2d_4a_3x3 = BasicConv2d(80, 192, kernel_size=3)
        self.Mixed_5b = FIDInceptionA(192, 32)
        self.Mixed_5c = FIDInceptionA(256, 64)
        self.Mixed_5d = FIDInceptionA(288, 64)
        self.Mixed_6a = InceptionB(288)
        self.Mixed_6b = FIDInceptionC(768, 128)
        self.Mixed_6c = FIDInceptionC(768, 160)
        self.Mixed_6d = FIDInceptionC(768, 160)
        self.Mixed_6e = FIDInceptionC(768, 192)
        self.Mixed_7a = InceptionD(768)
        self.Mixed_7b = FIDInceptionE(1280, max_pool=False)
        self.Mixed_7c = FIDInceptionE(2048, max_pool=True)
        self.fc = nn.Linear(2048, 1008)

    def forward(self, images):
        """images [n, C, H, W] in [-1, 1]: pytorch-fid's InceptionV3 (resize, blocks 0-3) plus fc."""
        if images.shape[1] == 1:
            images = images.repeat(1, 3, 1, 1)
        x = F.interpolate(images, size=(299, 299), mode="bilinear", align_corners=False)
        resized = x
        x = self.Conv2d_2b_3x3(self.Conv2d_2a_3x3(self.Conv2d_1a_3x3(x)))
        x = F.max_pool2d(x, kernel_size=3, stride=2)
        x = self.Conv2d_4a_3x3(self.Conv2d_3b_1x1(x))
        x = F.max_pool2d(x, kernel_size=3, stride=2)
        for name in ("5b", "5c", "5d", "6a", "6b", "6c", "6d", "6e", "7a", "7b", "7c"):
            x = getattr(self, "Mixed_" + name)(x)
        pool3 = F.adaptive_avg_pool2d(x, output_size=(1, 1)).flatten(1)
        return resized, pool3, self.fc(pool3), pool3 @ self.fc.weight.T


def load_converter():
    path = os.path.join(HERE, "..", "..", "..", "scripts", "fid_inception_to_npz.py")
    spec = importlib.util.spec_from_file_location("fid_inception_to_npz", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def fill(model):
    sd = model.state_dict()
    for key, t in sd.items():
        if torch.is_floating_point(t):
            lo, width = range_of(key, tuple(t.shape))
            t.copy_(torch.from_numpy(formula(key_seed(key), tuple(t.shape), lo, width)))
    return sd


def main():
    torch.set_grad_enabled(False)
    os.makedirs(OUT, exist_ok=True)
    converter = load_converter()
    model = FIDInceptionV3().eval()
    sd = fill(model)
    with tempfile.TemporaryDirectory() as tmp:
        arrays = converter.convert(sd, os.path.join(tmp, "w.npz"))
        with np.load(os.path.join(tmp, "w.npz")) as back:
            crc = {k: zlib.crc32(back[k].astype("<f4").tobytes()) for k in back.files}
    assert crc.keys() == arrays.keys()
    reference = {}
    rng = np.random.RandomState(0)
    for c, (name, shape) in enumerate(CASES):
        images = torch.from_numpy(formula(1000 + c, shape, np.float32(-1), np.float32(2)))
        resized, pool3, logits, unbiased = model(images)
        reference[name + ".pool3"] = pool3.numpy()
        reference[name + ".logits"] = logits.numpy()
        reference[name + ".logits_unbiased"] = unbiased.numpy()
        pos = np.stack([rng.randint(0, s, RESIZE_SAMPLES) for s in resized.shape], axis=1)
        reference[name + ".resized_positions"] = pos.astype(np.float32)
        reference[name + ".resized_values"] = resized.numpy()[tuple(pos.T)]
        print(name, "pool3 mean %.4f max %.4f, logits std %.4f"
              % (pool3.mean(), pool3.max(), logits.std()))
    np.savez(os.path.join(OUT, "inception_reference.npz"), **reference)
    with open(os.path.join(OUT, "inception_oracle.json"), "w") as f:
        json.dump({"parameters": int(sum(a.size for a in arrays.values())), "crc32": crc}, f, indent=1)
    tiny = BasicConv2d(3, 4, kernel_size=(2, 3)).eval()
    for key, t in tiny.state_dict().items():
        if torch.is_floating_point(t):
            t.copy_(torch.from_numpy(formula(key_seed(key), tuple(t.shape), np.float32(-1), np.float32(2))))
    with tempfile.TemporaryDirectory() as tmp:  # the command-line path: a .pth file on disk
        torch.save(tiny.state_dict(), os.path.join(tmp, "tiny.pth"))
        converter.main(["fid_inception_to_npz.py", os.path.join(tmp, "tiny.pth"),
                        os.path.join(OUT, "tiny_state_dict.npz")])
    print("tensors:", len(crc), "parameters:", sum(a.size for a in arrays.values()))


if __name__ == "__main__":
    main()
