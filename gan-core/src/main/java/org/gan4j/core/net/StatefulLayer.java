package org.gan4j.core.net;

import java.util.Set;

/**
 * A DL4J layer configuration (a subclass of {@code org.deeplearning4j.nn.conf.layers.Layer}) whose
 * layers keep state, not weights, in some of their parameters, like batch-norm running statistics.
 * The layer's backward pass writes the change of that state as a delta into the gradient (new value
 * = old value minus delta) and gives those parameters a no-op optimizer. The DL4J adapters apply
 * such deltas right after each accumulating backward pass, never sum them over passes, change
 * nothing on a non-accumulating pass, and leave these parameters out of
 * {@link GanNetwork#trainableParams()}.
 */
public interface StatefulLayer {

    /** @return names of the state parameters in the layer's parameter table (for example {@code "u"}) */
    Set<String> stateParameters();
}
