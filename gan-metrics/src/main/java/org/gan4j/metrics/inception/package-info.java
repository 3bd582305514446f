/**
 * The FID Inception network (pytorch-fid's variant of Inception-v3) for FID and the Inception
 * Score on natural images: {@link org.gan4j.metrics.inception.FidInception} builds it as a DL4J
 * graph and loads weights that the user converts once from pytorch-fid's PyTorch file with
 * {@code gan-metrics/scripts/fid_inception_to_npz.py}; nothing is downloaded.
 */
package org.gan4j.metrics.inception;
