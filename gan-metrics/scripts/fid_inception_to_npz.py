#!/usr/bin/python3
"""Converts a PyTorch state dict of the FID Inception network into the .npz file that
org.gan4j.metrics.inception.FidInception reads.

Usage:
    /usr/bin/python3 fid_inception_to_npz.py pt_inception-2015-12-05-6726825d.pth fid_inception.npz

Needs torch and numpy. The input is the state dict that pytorch-fid loads
(pt_inception-2015-12-05-6726825d.pth, the 2015-12-05 TensorFlow Inception graph that the
original FID code uses, ported to PyTorch); torch-fidelity's weights-inception-2015-12-05-6726825d.pth
has the same keys. Nothing is downloaded: the file must already be on disk. Other Inception-v3
weights (torchvision's or Keras's ImageNet InceptionV3) are a different network and are rejected by
the Java side, whose key and shape check accepts only this one.

The output is a NumPy .npz archive with one entry per floating-point tensor of the state dict,
named by its state-dict key (for example "Mixed_5b.branch1x1.conv.weight"), stored as
little-endian float32 in C order with the state dict's shape. Integer entries
(num_batches_tracked) are left out. The values are copied bit for bit when the state dict already
holds float32 tensors, as this one does.
"""
import hashlib
import sys

import numpy as np
import torch

# torch hub's convention: the first 8 hex digits of the file's SHA-256 are part of its name
FID_WEIGHTS_SHA256_PREFIX = "6726825d"


def state_dict_to_arrays(state_dict):
    """Returns {key: float32 C-order numpy array} for every floating-point tensor."""
    arrays = {}
    for key, tensor in state_dict.items():
        if not torch.is_floating_point(tensor):
            continue
        arrays[key] = np.ascontiguousarray(tensor.detach().cpu().numpy().astype("<f4", copy=False))
    return arrays


def convert(state_dict, out_path):
    """Writes the state dict's floating-point tensors to out_path as an uncompressed .npz."""
    arrays = state_dict_to_arrays(state_dict)
    with open(out_path, "wb") as f:
        np.savez(f, **arrays)
    return arrays


def main(argv):
    if len(argv) != 3:
        sys.exit("usage: fid_inception_to_npz.py INPUT.pth OUTPUT.npz")
    with open(argv[1], "rb") as f:
        digest = hashlib.sha256(f.read()).hexdigest()
    if not digest.startswith(FID_WEIGHTS_SHA256_PREFIX):
        print("warning: SHA-256 %s is not that of pt_inception-2015-12-05-%s.pth; FID and IS from these "
              "weights are not comparable with pytorch-fid or torch-fidelity"
              % (digest, FID_WEIGHTS_SHA256_PREFIX), file=sys.stderr)
    state_dict = torch.load(argv[1], map_location="cpu")
    arrays = convert(state_dict, argv[2])
    print("wrote %d tensors (%d parameters) to %s"
          % (len(arrays), sum(a.size for a in arrays.values()), argv[2]))


if __name__ == "__main__":
    main(sys.argv)
