package org.gan4j.core.net;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.conf.InputPreProcessor;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.learning.config.IUpdater;

/**
 * A {@link MultiLayerNetwork} cut into a trunk (its first layers, up to a chosen layer) and a head
 * (the remaining layers), each a {@link GanNetwork} of its own, while the split as a whole is the
 * original network as a {@link GanNetwork}: {@code forward(x) = head.forward(trunk.forward(x))}.
 * Made by {@link Networks#split}.
 *
 * <p>Use it when a loss needs an intermediate activation and a backward pass from it, such as
 * feature matching ({@link org.gan4j.core.loss.FeatureMatching}): run {@link #trunk()} forward to
 * get the features and backward from a feature gradient to get the gradient at the input.
 *
 * <p>Parameters are shared, not copied: the trunk's and the head's parameter vectors are views of
 * the original network's, so every update through the split (or through the trunk or head alone)
 * is seen by the original network, and {@link #params()} is the original's live vector. The
 * trunk and the head each run their own copy of the optimizer on their parameters; for
 * element-wise optimizers (SGD, Adam, RMSProp, ...) one update of the split equals one update of
 * the whole network. The original network's own optimizer state is not used.
 */
public final class SplitNetwork implements GanNetwork {

    private final MultiLayerNetworkAdapter whole;
    private final MultiLayerNetworkAdapter trunk;
    private final MultiLayerNetworkAdapter head;
    private final int splitLayer;

    SplitNetwork(MultiLayerNetwork net, int layer) {
        if (net == null) {
            throw new IllegalArgumentException("network is null");
        }
        int n = net.getnLayers();
        if (layer < 1 || layer >= n) {
            throw new IllegalArgumentException("split layer must be in [1, " + (n - 1) + "] for a network of " + n
                    + " layers, got " + layer);
        }
        this.whole = new MultiLayerNetworkAdapter(net);
        INDArray params = net.params();
        long trunkParams = 0;
        for (int i = 0; i < layer; i++) {
            trunkParams += net.getLayer(i).numParams();
        }
        MultiLayerNetwork trunkNet = subNetwork(net, 0, layer, view(params, 0, trunkParams));
        MultiLayerNetwork headNet = subNetwork(net, layer, n, view(params, trunkParams, params.length()));
        this.trunk = new MultiLayerNetworkAdapter(trunkNet);
        this.head = new MultiLayerNetworkAdapter(headNet);
        this.splitLayer = layer;
    }

    private static INDArray view(INDArray params, long from, long to) {
        if (from == to) {
            throw new IllegalArgumentException("each side of a split needs parameters; layers ending at offset "
                    + from + " have none");
        }
        return params.reshape(1, params.length()).get(NDArrayIndex.point(0), NDArrayIndex.interval(from, to))
                .reshape(1, to - from);
    }

    /** Layers [from, to) of {@code net} as a network initialised on the given parameter view. */
    private static MultiLayerNetwork subNetwork(MultiLayerNetwork net, int from, int to, INDArray paramView) {
        MultiLayerConfiguration whole = net.getLayerWiseConfigurations();
        MultiLayerConfiguration conf = whole.clone();
        List<NeuralNetConfiguration> confs = new ArrayList<>();
        Map<Integer, InputPreProcessor> pre = new HashMap<>();
        for (int i = from; i < to; i++) {
            confs.add(whole.getConf(i).clone());
            InputPreProcessor p = whole.getInputPreProcess(i);
            if (p != null) {
                pre.put(i - from, p.clone());
            }
        }
        conf.setConfs(confs);
        conf.setInputPreProcessors(pre);
        conf.setIterationCount(0);
        conf.setEpochCount(0);
        MultiLayerNetwork sub = new MultiLayerNetwork(conf);
        sub.init(paramView, false);
        return sub;
    }

    /** @return the layers before the split layer, as a network whose output is the features */
    public GanNetwork trunk() {
        return trunk;
    }

    /** @return the layers from the split layer on, taking the trunk's output */
    public GanNetwork head() {
        return head;
    }

    /** @return the index (in the original network) of the head's first layer */
    public int splitLayer() {
        return splitLayer;
    }

    @Override
    public long numParams() {
        return whole.numParams();
    }

    @Override
    public INDArray params() {
        return whole.params();
    }

    @Override
    public Map<String, INDArray> trainableParams() {
        return whole.trainableParams();
    }

    /**
     * @return a new array holding the trunk's optimizer state followed by the head's (a copy:
     *     the two states live in the trunk and the head)
     */
    @Override
    public INDArray updaterState() {
        INDArray t = trunk.updaterState();
        INDArray h = head.updaterState();
        if (t.isEmpty() && h.isEmpty()) {
            return t;
        }
        return Nd4j.concat(0, t.reshape(t.length()), h.reshape(h.length()));
    }

    @Override
    public long iteration() {
        return head.iteration();
    }

    @Override
    public INDArray output(INDArray input, boolean training) {
        return whole.output(input, training);
    }

    @Override
    public INDArray forward(INDArray input) {
        return head.forward(trunk.forward(input));
    }

    @Override
    public INDArray backward(INDArray outputGradient, boolean accumulate) {
        return trunk.backward(head.backward(outputGradient, accumulate), accumulate);
    }

    /** Runs the trunk's and the head's optimizers on their accumulated gradients. */
    @Override
    public void applyUpdate() {
        trunk.applyUpdate();
        head.applyUpdate();
    }

    /** Writes the trunk, then the head, each as a length-prefixed DL4J model. */
    @Override
    public void write(OutputStream out) throws IOException {
        DataOutputStream data = new DataOutputStream(out);
        for (GanNetwork part : List.of(trunk, head)) {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            part.write(bytes);
            data.writeInt(bytes.size());
            bytes.writeTo(data);
        }
        data.flush();
    }

    @Override
    public void restore(InputStream in) throws IOException {
        DataInputStream data = new DataInputStream(in);
        for (GanNetwork part : List.of(trunk, head)) {
            int length = data.readInt();
            if (length <= 0) {
                throw new IOException("stored split network has a part of " + length + " bytes");
            }
            byte[] bytes = new byte[length];
            data.readFully(bytes);
            part.restore(new java.io.ByteArrayInputStream(bytes));
        }
    }

    @Override
    public boolean batchCoupled() {
        return whole.batchCoupled();
    }

    @Override
    public void setUpdater(IUpdater updater) {
        trunk.setUpdater(updater);
        head.setUpdater(updater);
    }

    @Override
    public String describe() {
        return "split at layer " + splitLayer + " of " + whole.describe();
    }
}
