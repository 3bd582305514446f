/**
 * The network seam {@link org.gan4j.core.net.GanNetwork} and its adapters for DL4J's
 * {@code MultiLayerNetwork} and {@code ComputationGraph} ({@link org.gan4j.core.net.Networks}).
 */
package org.gan4j.core.net;
