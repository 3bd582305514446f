package org.gan4j.metrics.inception;

import static org.deeplearning4j.nn.params.BatchNormalizationParamInitializer.BETA;
import static org.deeplearning4j.nn.params.BatchNormalizationParamInitializer.GAMMA;
import static org.deeplearning4j.nn.params.BatchNormalizationParamInitializer.GLOBAL_MEAN;
import static org.deeplearning4j.nn.params.BatchNormalizationParamInitializer.GLOBAL_VAR;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.graph.MergeVertex;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.GlobalPoolingLayer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The FID Inception network (pytorch-fid's {@code FIDInceptionA/C/E} variant of Inception-v3) as a
 * DL4J {@link ComputationGraph}, with the mapping from the PyTorch state-dict keys to the graph's
 * parameters. Every {@code BasicConv2d} of the PyTorch model becomes three vertices named after it:
 * {@code NAME.conv} (no bias), {@code NAME.bn} (eps 0.001, inference statistics) and {@code NAME}
 * (ReLU). Average pools exclude padding from the divisor ({@code count_include_pad=False}), the
 * last block ({@code Mixed_7c}) max-pools its pooling branch, and the graph's two outputs are
 * {@code pool3} (global average pool, {@code [n, 2048]}) and {@code fc} ({@code [n, 1008]},
 * the fully connected layer without its bias).
 */
final class FidInceptionGraph {

    /** Input height and width. */
    static final int SIZE = 299;
    /** Vertex holding the 2048-d embedding. */
    static final String POOL3 = "pool3";
    /** Vertex holding the bias-free logits. */
    static final String FC = "fc";
    /** State-dict key of the logits' bias, kept outside the graph. */
    static final String FC_BIAS = "fc.bias";

    /** Where one state-dict tensor goes: a layer's parameter, transposed for the dense layer. */
    private record Target(String layer, String param, long[] shape, boolean transpose) {
    }

    private final ComputationGraphConfiguration.GraphBuilder b;
    private final Map<String, Target> targets = new LinkedHashMap<>();

    private FidInceptionGraph() {
        b = new NeuralNetConfiguration.Builder().dataType(DataType.FLOAT).weightInit(WeightInit.ZERO)
                .convolutionMode(ConvolutionMode.Truncate).graphBuilder()
                .addInputs("input").setInputTypes(InputType.convolutional(SIZE, SIZE, 3));
    }

    /**
     * Builds the graph with zero parameters.
     *
     * @return the initialised graph and the shapes of the state-dict tensors it takes
     */
    static FidInceptionGraph create() {
        FidInceptionGraph g = new FidInceptionGraph();
        String x = g.conv("Conv2d_1a_3x3", "input", 3, 32, 3, 3, 2, 0, 0);
        x = g.conv("Conv2d_2a_3x3", x, 32, 32, 3, 3, 1, 0, 0);
        x = g.conv("Conv2d_2b_3x3", x, 32, 64, 3, 3, 1, 1, 1);
        x = g.pool("maxpool1", x, PoolingType.MAX, 2, 0);
        x = g.conv("Conv2d_3b_1x1", x, 64, 80, 1, 1, 1, 0, 0);
        x = g.conv("Conv2d_4a_3x3", x, 80, 192, 3, 3, 1, 0, 0);
        x = g.pool("maxpool2", x, PoolingType.MAX, 2, 0);
        x = g.inceptionA("Mixed_5b", x, 192, 32);
        x = g.inceptionA("Mixed_5c", x, 256, 64);
        x = g.inceptionA("Mixed_5d", x, 288, 64);
        x = g.inceptionB("Mixed_6a", x, 288);
        x = g.inceptionC("Mixed_6b", x, 128);
        x = g.inceptionC("Mixed_6c", x, 160);
        x = g.inceptionC("Mixed_6d", x, 160);
        x = g.inceptionC("Mixed_6e", x, 192);
        x = g.inceptionD("Mixed_7a", x);
        x = g.inceptionE("Mixed_7b", x, 1280, PoolingType.AVG);
        x = g.inceptionE("Mixed_7c", x, 2048, PoolingType.MAX);
        g.b.addLayer(POOL3, new GlobalPoolingLayer.Builder(PoolingType.AVG).build(), x);
        g.b.addLayer(FC, new DenseLayer.Builder().nIn(2048).nOut(1008).hasBias(false)
                .activation(Activation.IDENTITY).build(), POOL3);
        g.targets.put("fc.weight", new Target(FC, "W", new long[] {1008, 2048}, true));
        g.b.setOutputs(POOL3, FC);
        return g;
    }

    /**
     * @return a new graph with zero parameters, for {@link #load}
     */
    ComputationGraph newGraph() {
        ComputationGraph graph = new ComputationGraph(b.build());
        graph.init();
        return graph;
    }

    /**
     * @return every state-dict key of the network and its shape, in the PyTorch model's order
     *     ({@value #FC_BIAS}, which stays outside the graph, last)
     */
    Map<String, long[]> expectedShapes() {
        Map<String, long[]> shapes = new LinkedHashMap<>();
        targets.forEach((k, t) -> shapes.put(k, t.shape()));
        shapes.put(FC_BIAS, new long[] {1008});
        return Collections.unmodifiableMap(shapes);
    }

    /**
     * Copies state-dict tensors into the graph's parameters.
     *
     * @param graph a graph from {@link #newGraph()}
     * @param tensors every key of {@link #expectedShapes()} with its shape, and no other
     * @throws IllegalArgumentException naming missing or unexpected keys, or a key whose shape
     *     differs; the graph is left unchanged then
     */
    void load(ComputationGraph graph, Map<String, INDArray> tensors) {
        Map<String, long[]> shapes = expectedShapes();
        TreeSet<String> missing = new TreeSet<>(shapes.keySet());
        missing.removeAll(tensors.keySet());
        TreeSet<String> unexpected = new TreeSet<>(tensors.keySet());
        unexpected.removeAll(shapes.keySet());
        if (!missing.isEmpty() || !unexpected.isEmpty()) {
            throw new IllegalArgumentException("not FID Inception weights: missing " + abbreviate(missing)
                    + ", unexpected " + abbreviate(unexpected));
        }
        for (Map.Entry<String, long[]> e : shapes.entrySet()) {
            long[] shape = tensors.get(e.getKey()).shape();
            if (!Arrays.equals(shape, e.getValue())) {
                throw new IllegalArgumentException(e.getKey() + ": expected shape " + Arrays.toString(e.getValue())
                        + ", got " + Arrays.toString(shape));
            }
        }
        for (Map.Entry<String, Target> e : targets.entrySet()) {
            Target t = e.getValue();
            INDArray value = tensors.get(e.getKey());
            INDArray param = graph.getLayer(t.layer()).getParam(t.param());
            param.assign((t.transpose() ? value.transpose() : value).reshape(param.shape()).castTo(param.dataType()));
        }
    }

    private static String abbreviate(TreeSet<String> keys) {
        List<String> first = new ArrayList<>(keys).subList(0, Math.min(keys.size(), 5));
        return keys.size() + " key(s) " + first + (keys.size() > 5 ? "..." : "");
    }

    /** BasicConv2d: conv (no bias), batch norm (eps 0.001), ReLU; returns the ReLU vertex NAME. */
    private String conv(String name, String in, int cin, int cout, int kh, int kw, int stride, int ph, int pw) {
        b.addLayer(name + ".conv", new ConvolutionLayer.Builder().kernelSize(kh, kw).stride(stride, stride)
                .padding(ph, pw).nIn(cin).nOut(cout).hasBias(false).activation(Activation.IDENTITY).build(), in);
        b.addLayer(name + ".bn", new BatchNormalization.Builder().eps(1e-3).useLogStd(false).nIn(cout).nOut(cout)
                .build(), name + ".conv");
        b.addLayer(name, new ActivationLayer.Builder().activation(Activation.RELU).build(), name + ".bn");
        targets.put(name + ".conv.weight", new Target(name + ".conv", "W", new long[] {cout, cin, kh, kw}, false));
        long[] c = {cout};
        targets.put(name + ".bn.weight", new Target(name + ".bn", GAMMA, c, false));
        targets.put(name + ".bn.bias", new Target(name + ".bn", BETA, c, false));
        targets.put(name + ".bn.running_mean", new Target(name + ".bn", GLOBAL_MEAN, c, false));
        targets.put(name + ".bn.running_var", new Target(name + ".bn", GLOBAL_VAR, c, false));
        return name;
    }

    /** 3x3 pooling; stride 1 pools pad by 1 and, when averaging, exclude the padding from the divisor. */
    private String pool(String name, String in, PoolingType type, int stride, int pad) {
        b.addLayer(name, new SubsamplingLayer.Builder(type).kernelSize(3, 3).stride(stride, stride).padding(pad, pad)
                .avgPoolIncludePadInDivisor(false).build(), in);
        return name;
    }

    private String merge(String name, String... branches) {
        b.addVertex(name, new MergeVertex(), branches);
        return name;
    }

    private String inceptionA(String n, String x, int cin, int poolFeatures) {
        String b1 = conv(n + ".branch1x1", x, cin, 64, 1, 1, 1, 0, 0);
        String b5 = conv(n + ".branch5x5_1", x, cin, 48, 1, 1, 1, 0, 0);
        b5 = conv(n + ".branch5x5_2", b5, 48, 64, 5, 5, 1, 2, 2);
        String b3 = conv(n + ".branch3x3dbl_1", x, cin, 64, 1, 1, 1, 0, 0);
        b3 = conv(n + ".branch3x3dbl_2", b3, 64, 96, 3, 3, 1, 1, 1);
        b3 = conv(n + ".branch3x3dbl_3", b3, 96, 96, 3, 3, 1, 1, 1);
        String bp = conv(n + ".branch_pool", pool(n + ".avg_pool", x, PoolingType.AVG, 1, 1),
                cin, poolFeatures, 1, 1, 1, 0, 0);
        return merge(n + ".cat", b1, b5, b3, bp);
    }

    private String inceptionB(String n, String x, int cin) {
        String b3 = conv(n + ".branch3x3", x, cin, 384, 3, 3, 2, 0, 0);
        String bd = conv(n + ".branch3x3dbl_1", x, cin, 64, 1, 1, 1, 0, 0);
        bd = conv(n + ".branch3x3dbl_2", bd, 64, 96, 3, 3, 1, 1, 1);
        bd = conv(n + ".branch3x3dbl_3", bd, 96, 96, 3, 3, 2, 0, 0);
        return merge(n + ".cat", b3, bd, pool(n + ".max_pool", x, PoolingType.MAX, 2, 0));
    }

    private String inceptionC(String n, String x, int c7) {
        String b1 = conv(n + ".branch1x1", x, 768, 192, 1, 1, 1, 0, 0);
        String b7 = conv(n + ".branch7x7_1", x, 768, c7, 1, 1, 1, 0, 0);
        b7 = conv(n + ".branch7x7_2", b7, c7, c7, 1, 7, 1, 0, 3);
        b7 = conv(n + ".branch7x7_3", b7, c7, 192, 7, 1, 1, 3, 0);
        String bd = conv(n + ".branch7x7dbl_1", x, 768, c7, 1, 1, 1, 0, 0);
        bd = conv(n + ".branch7x7dbl_2", bd, c7, c7, 7, 1, 1, 3, 0);
        bd = conv(n + ".branch7x7dbl_3", bd, c7, c7, 1, 7, 1, 0, 3);
        bd = conv(n + ".branch7x7dbl_4", bd, c7, c7, 7, 1, 1, 3, 0);
        bd = conv(n + ".branch7x7dbl_5", bd, c7, 192, 1, 7, 1, 0, 3);
        String bp = conv(n + ".branch_pool", pool(n + ".avg_pool", x, PoolingType.AVG, 1, 1), 768, 192, 1, 1, 1, 0, 0);
        return merge(n + ".cat", b1, b7, bd, bp);
    }

    private String inceptionD(String n, String x) {
        String b3 = conv(n + ".branch3x3_1", x, 768, 192, 1, 1, 1, 0, 0);
        b3 = conv(n + ".branch3x3_2", b3, 192, 320, 3, 3, 2, 0, 0);
        String b7 = conv(n + ".branch7x7x3_1", x, 768, 192, 1, 1, 1, 0, 0);
        b7 = conv(n + ".branch7x7x3_2", b7, 192, 192, 1, 7, 1, 0, 3);
        b7 = conv(n + ".branch7x7x3_3", b7, 192, 192, 7, 1, 1, 3, 0);
        b7 = conv(n + ".branch7x7x3_4", b7, 192, 192, 3, 3, 2, 0, 0);
        return merge(n + ".cat", b3, b7, pool(n + ".max_pool", x, PoolingType.MAX, 2, 0));
    }

    private String inceptionE(String n, String x, int cin, PoolingType poolType) {
        String b1 = conv(n + ".branch1x1", x, cin, 320, 1, 1, 1, 0, 0);
        String b3 = conv(n + ".branch3x3_1", x, cin, 384, 1, 1, 1, 0, 0);
        String b3a = conv(n + ".branch3x3_2a", b3, 384, 384, 1, 3, 1, 0, 1);
        String b3b = conv(n + ".branch3x3_2b", b3, 384, 384, 3, 1, 1, 1, 0);
        String bd = conv(n + ".branch3x3dbl_1", x, cin, 448, 1, 1, 1, 0, 0);
        bd = conv(n + ".branch3x3dbl_2", bd, 448, 384, 3, 3, 1, 1, 1);
        String bda = conv(n + ".branch3x3dbl_3a", bd, 384, 384, 1, 3, 1, 0, 1);
        String bdb = conv(n + ".branch3x3dbl_3b", bd, 384, 384, 3, 1, 1, 1, 0);
        String bp = conv(n + ".branch_pool", pool(n + ".pool", x, poolType, 1, 1), cin, 192, 1, 1, 1, 0, 0);
        return merge(n + ".cat", b1, b3a, b3b, bda, bdb, bp);
    }
}
