package org.gan4j.core.net;

/**
 * Marker for a DL4J layer configuration (a subclass of
 * {@code org.deeplearning4j.nn.conf.layers.Layer}) whose layers make one example's output depend
 * on the other examples of its batch, as minibatch discrimination does. A network holding such a
 * layer reports {@link GanNetwork#batchCoupled()} as true, so the engine runs real and fake
 * examples through separate passes.
 */
public interface BatchCoupledLayer {
}
