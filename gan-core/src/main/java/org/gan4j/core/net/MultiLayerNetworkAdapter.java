package org.gan4j.core.net;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.updater.MultiLayerUpdater;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.deeplearning4j.util.ModelSerializer;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.ndarray.INDArray;

/** {@link GanNetwork} over a DL4J {@link MultiLayerNetwork} that ends in a plain (non-output) layer. */
class MultiLayerNetworkAdapter extends Dl4jNetwork {

    private final MultiLayerNetwork net;

    MultiLayerNetworkAdapter(MultiLayerNetwork net) {
        super(net);
        this.net = net;
        Layer last = net.getLayer(net.getnLayers() - 1);
        if (last instanceof org.deeplearning4j.nn.api.layers.IOutputLayer) {
            throw new IllegalArgumentException("the network ends in an output layer ("
                    + last.getClass().getSimpleName() + "): end it in a plain layer (e.g. DenseLayer with "
                    + "identity activation); gan4j owns the loss");
        }
    }

    /** @return the wrapped network */
    MultiLayerNetwork network() {
        return net;
    }

    @Override
    Layer[] layers() {
        return net.getLayers();
    }

    @Override
    Map<String, INDArray> paramTable() {
        return net.paramTable();
    }

    @Override
    INDArray doOutput(INDArray input, boolean training) {
        return net.output(input, training);
    }

    @Override
    INDArray doForward(INDArray input, int pass) {
        net.setInput(input);
        List<INDArray> acts = net.feedForward(true, false);
        return acts.get(acts.size() - 1);
    }

    @Override
    Gradient doBackward(INDArray outputGradient, boolean accumulate, boolean input, INDArray[] inputGradientOut,
            int pass) {
        Pair<Gradient, INDArray> p = net.backpropGradient(outputGradient, LayerWorkspaceMgr.noWorkspaces());
        inputGradientOut[0] = p.getSecond();
        return p.getFirst();
    }

    @Override
    void runUpdater(Gradient gradient, int iteration, int epoch) {
        net.getUpdater().update(net, gradient, iteration, epoch, 1, LayerWorkspaceMgr.noWorkspaces());
    }

    @Override
    void resetUpdater() {
        net.setUpdater(new MultiLayerUpdater(net));
    }

    @Override
    INDArray updaterStateView() {
        return net.getUpdater().getStateViewArray();
    }

    @Override
    int iterationCount() {
        return net.getIterationCount();
    }

    @Override
    void setIterationCount(int count) {
        net.setIterationCount(count);
    }

    @Override
    int epochCount() {
        return net.getEpochCount();
    }

    @Override
    Model restoreModel(InputStream in) throws IOException {
        return ModelSerializer.restoreMultiLayerNetwork(in, true);
    }

    @Override
    Dl4jNetwork wrapSameKind(Model stored) {
        return new MultiLayerNetworkAdapter((MultiLayerNetwork) stored);
    }
}
