package org.gan4j.core.net;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Method;
import java.util.Map;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.conf.WorkspaceMode;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.graph.vertex.GraphVertex;
import org.deeplearning4j.nn.graph.vertex.VertexIndices;
import org.deeplearning4j.nn.updater.graph.ComputationGraphUpdater;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.deeplearning4j.util.ModelSerializer;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * {@link GanNetwork} over a DL4J {@link ComputationGraph} with exactly one input and one output,
 * whose output vertex is a plain (non-output) layer. Wrapping switches the graph's training
 * and inference workspace modes to {@code NONE}: recovering the gradient at the graph's input needs layer inputs
 * that outlive DL4J's backprop.
 */
final class ComputationGraphAdapter extends Dl4jNetwork {

    private static final Method CALC_BACKPROP = backpropMethod();

    private final ComputationGraph graph;
    private final String inputName;
    private final String outputName;

    ComputationGraphAdapter(ComputationGraph graph) {
        super(graph);
        this.graph = graph;
        if (graph.getNumInputArrays() != 1 || graph.getNumOutputArrays() != 1) {
            throw new IllegalArgumentException("a ComputationGraph must have exactly 1 input and 1 output, this one has "
                    + graph.getNumInputArrays() + " inputs and " + graph.getNumOutputArrays() + " outputs");
        }
        // the input-gradient recovery in doBackward needs layer inputs that outlive backprop
        graph.getConfiguration().setTrainingWorkspaceMode(WorkspaceMode.NONE);
        graph.getConfiguration().setInferenceWorkspaceMode(WorkspaceMode.NONE);
        this.inputName = graph.getConfiguration().getNetworkInputs().get(0);
        this.outputName = graph.getConfiguration().getNetworkOutputs().get(0);
        if (graph.getOutputLayer(0) instanceof org.deeplearning4j.nn.api.layers.IOutputLayer) {
            throw new IllegalArgumentException("the graph's output '" + outputName + "' is an output layer: end it in a "
                    + "plain layer (e.g. DenseLayer with identity activation); gan4j owns the loss");
        }
    }

    private static Method backpropMethod() {
        try {
            Method m = ComputationGraph.class.getDeclaredMethod("calcBackpropGradients", boolean.class, boolean.class,
                    INDArray[].class);
            m.setAccessible(true);
            return m;
        } catch (NoSuchMethodException e) {
            throw new ExceptionInInitializerError("unsupported DL4J version: " + e);
        }
    }

    @Override
    Layer[] layers() {
        return graph.getLayers();
    }

    @Override
    Map<String, INDArray> paramTable() {
        return graph.paramTable();
    }

    @Override
    INDArray doOutput(INDArray input, boolean training) {
        return graph.output(training, input)[0];
    }

    @Override
    INDArray doForward(INDArray input, int pass) {
        return graph.feedForward(new INDArray[] {input}, true, false).get(outputName);
    }

    @Override
    Gradient doBackward(INDArray outputGradient, boolean accumulate, boolean input, INDArray[] inputGradientOut,
            int pass) {
        // DL4J's ComputationGraph does not return the gradient at the network input. Run its backprop
        // keeping the layer inputs, then repeat the backward step of each vertex fed by the input
        // (same epsilon, same inputs: same values) and sum the input gradients it returns.
        try {
            CALC_BACKPROP.invoke(graph, false, false, new INDArray[] {outputGradient});
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("DL4J ComputationGraph backprop failed", e.getCause() == null ? e : e.getCause());
        }
        Gradient g = graph.gradient();
        INDArray sum = null;
        for (VertexIndices v : graph.getVertex(inputName).getOutputVertices()) {
            GraphVertex consumer = graph.getVertices()[v.getVertexIndex()];
            INDArray eps = consumer.doBackward(false, LayerWorkspaceMgr.noWorkspaces()).getSecond()[v.getVertexEdgeNumber()];
            sum = sum == null ? eps.dup() : sum.addi(eps);
        }
        inputGradientOut[0] = sum;
        graph.clearLayersStates();
        return g;
    }

    @Override
    void runUpdater(Gradient gradient, int iteration, int epoch) {
        graph.getUpdater().update(gradient, iteration, epoch, 1, LayerWorkspaceMgr.noWorkspaces());
    }

    @Override
    void resetUpdater() {
        graph.setUpdater(new ComputationGraphUpdater(graph));
    }

    @Override
    INDArray updaterStateView() {
        return graph.getUpdater().getStateViewArray();
    }

    @Override
    int iterationCount() {
        return graph.getIterationCount();
    }

    @Override
    void setIterationCount(int count) {
        graph.getConfiguration().setIterationCount(count);
    }

    @Override
    int epochCount() {
        return graph.getEpochCount();
    }

    @Override
    Model restoreModel(InputStream in) throws IOException {
        return ModelSerializer.restoreComputationGraph(in, true);
    }

    @Override
    Dl4jNetwork wrapSameKind(Model stored) {
        return new ComputationGraphAdapter((ComputationGraph) stored);
    }
}
