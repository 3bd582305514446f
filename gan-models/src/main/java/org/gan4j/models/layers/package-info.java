/**
 * Opt-in DL4J layers that stabilise GAN discriminators, usable in any {@code MultiLayerNetwork}
 * or {@code ComputationGraph} that gan4j wraps: {@link org.gan4j.models.layers.MinibatchDiscrimination}
 * (Salimans et al. 2016; couples the examples of a batch), {@link org.gan4j.models.layers.SpectralNormDense}
 * and {@link org.gan4j.models.layers.SpectralNormConvolution} (Miyato et al. 2018), and
 * {@link org.gan4j.models.layers.VirtualBatchNormalization} (Salimans et al. 2016). Forward and
 * backward passes are written by hand; state such as the spectral-norm vector {@code u} or the
 * virtual-batch reference lives in parameters that the optimizer never changes.
 */
package org.gan4j.models.layers;
