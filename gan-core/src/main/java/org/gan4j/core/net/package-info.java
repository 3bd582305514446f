/**
 * The network seam {@link org.gan4j.core.net.GanNetwork} and its adapters for DL4J's
 * {@code MultiLayerNetwork} and {@code ComputationGraph} ({@link org.gan4j.core.net.Networks}),
 * and {@link org.gan4j.core.net.SplitNetwork}, a network cut into a trunk and a head that share
 * its parameters (for losses on intermediate activations).
 */
package org.gan4j.core.net;
