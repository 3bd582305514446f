package org.gan4j.models.layers;

import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.gradient.DefaultGradient;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.layers.BaseLayer;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.ops.transforms.Transforms;

/** The layer of {@link MinibatchDiscrimination}: forward pass and hand-written backward pass. */
final class MinibatchDiscriminationLayer extends BaseLayer<MinibatchDiscrimination> {

    MinibatchDiscriminationLayer(NeuralNetConfiguration conf, DataType dataType) {
        super(conf, dataType);
    }

    /** Pairwise quantities of one batch {@code f [n, A]}; row {@code i*n + j} holds the pair (i, j). */
    private final class Pairs {
        final int n;
        /** {@code M_i - M_j}, shape {@code [n*n, B*C]}. */
        final INDArray diff;
        /** {@code c_b(i, j)}, shape {@code [n*n, B]}. */
        final INDArray similarity;

        Pairs(INDArray f) {
            n = (int) f.size(0);
            int b = layerConf().getKernels();
            int c = layerConf().getKernelSize();
            INDArray m = f.mmul(getParam(MinibatchDiscrimination.KERNEL));
            diff = m.repeat(0, n).subi(Nd4j.tile(m, n, 1));
            INDArray l1 = Transforms.abs(diff, true).reshape('c', (long) n * n * b, c).sum(1);
            similarity = Transforms.exp(l1.negi(), false).reshape('c', (long) n * n, b);
        }

        /** @return {@code o [n, B]} */
        INDArray features() {
            return similarity.reshape('c', n, n, layerConf().getKernels()).sum(1);
        }
    }

    @Override
    public INDArray activate(boolean training, LayerWorkspaceMgr workspaceMgr) {
        assertInputSet(false);
        applyDropOutIfNecessary(training, workspaceMgr);
        INDArray f = input.castTo(dataType);
        long a = f.size(1);
        INDArray o = new Pairs(f).features();
        INDArray out = workspaceMgr.createUninitialized(ArrayType.ACTIVATIONS, dataType,
                new long[] {f.size(0), a + o.size(1)}, 'c');
        out.get(NDArrayIndex.all(), NDArrayIndex.interval(0, a)).assign(f);
        out.get(NDArrayIndex.all(), NDArrayIndex.interval(a, a + o.size(1))).assign(o);
        return out;
    }

    @Override
    public Pair<Gradient, INDArray> backpropGradient(INDArray epsilon, LayerWorkspaceMgr workspaceMgr) {
        assertInputSet(true);
        INDArray f = input.castTo(dataType);
        INDArray eps = epsilon.castTo(dataType);
        long a = f.size(1);
        int b = layerConf().getKernels();
        int c = layerConf().getKernelSize();
        Pairs p = new Pairs(f);
        long n = p.n;
        // dL/dM_i = -sum_j (G_i + G_j) c(i, j) sign(M_i - M_j), per kernel b and component c
        INDArray g = eps.get(NDArrayIndex.all(), NDArrayIndex.interval(a, a + b));
        INDArray k = g.repeat(0, n).addi(Nd4j.tile(g, (int) n, 1)).muli(p.similarity).negi();
        INDArray signs = Transforms.sign(p.diff, true).reshape('c', n * n * b, c);
        signs.muliColumnVector(k.reshape('c', n * n * b, 1));
        INDArray dm = signs.reshape('c', n, n, (long) b * c).sum(1);
        INDArray t = getParam(MinibatchDiscrimination.KERNEL);
        INDArray tGrad = gradientViews.get(MinibatchDiscrimination.KERNEL);
        tGrad.assign(f.transpose().mmul(dm));
        INDArray df = eps.get(NDArrayIndex.all(), NDArrayIndex.interval(0, a)).add(dm.mmul(t.transpose()));
        Gradient gradient = new DefaultGradient(gradientsFlattened);
        gradient.gradientForVariable().put(MinibatchDiscrimination.KERNEL, tGrad);
        return new Pair<>(gradient, workspaceMgr.leverageTo(ArrayType.ACTIVATION_GRAD, backpropDropOutIfPresent(df)));
    }

    @Override
    public boolean isPretrainLayer() {
        return false;
    }
}
