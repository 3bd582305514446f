package org.gan4j.models.layers;

import static org.gan4j.models.layers.VirtualBatchNormalization.BETA;
import static org.gan4j.models.layers.VirtualBatchNormalization.GAMMA;
import static org.gan4j.models.layers.VirtualBatchNormalization.REF_MEAN;
import static org.gan4j.models.layers.VirtualBatchNormalization.REF_MEAN_SQ;
import static org.gan4j.models.layers.VirtualBatchNormalization.REF_SIZE;

import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.gradient.DefaultGradient;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.layers.BaseLayer;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

/** The layer of {@link VirtualBatchNormalization}: forward pass and hand-written backward pass. */
final class VirtualBatchNormalizationLayer extends BaseLayer<VirtualBatchNormalization> {

    VirtualBatchNormalizationLayer(NeuralNetConfiguration conf, DataType dataType) {
        super(conf, dataType);
    }

    /** Normalisation of one batch {@code x [n, A]}, each row joined with the reference. */
    private final class Normalisation {
        /** Whether no reference is stored yet, so that this batch serves as its own reference. */
        final boolean capturing;
        final INDArray refMean;
        final INDArray refMeanSq;
        final double refSize;
        /** Share {@code a = 1 / (R + 1)} of the example in the joined statistics. */
        final double a;
        /** {@code x - mu = (1 - a)(x - m)}, shape {@code [n, A]}. */
        final INDArray centred;
        /** {@code sqrt(var + eps)}, shape {@code [n, A]}. */
        final INDArray std;
        /** {@code (x - mu) / std}, shape {@code [n, A]}. */
        final INDArray normalised;

        Normalisation(INDArray x) {
            double stored = getParam(REF_SIZE).getDouble(0);
            capturing = stored == 0;
            if (capturing) {
                refMean = x.mean(true, 0);
                refMeanSq = x.mul(x).mean(true, 0);
                refSize = x.size(0);
            } else {
                refMean = getParam(REF_MEAN);
                refMeanSq = getParam(REF_MEAN_SQ);
                refSize = stored;
            }
            a = 1.0 / (refSize + 1);
            // var over the joined set = (1 - a) refVar + a (1 - a) (x - m)^2, which is never negative
            INDArray refVar = Transforms.relu(refMeanSq.sub(refMean.mul(refMean)), false);
            INDArray delta = x.subRowVector(refMean);
            INDArray variance = delta.mul(delta).muli(a * (1 - a)).addiRowVector(refVar.mul(1 - a));
            std = Transforms.sqrt(variance.addi(layerConf().getEps()), false);
            centred = delta.muli(1 - a);
            normalised = centred.div(std);
        }
    }

    @Override
    public INDArray activate(boolean training, LayerWorkspaceMgr workspaceMgr) {
        assertInputSet(false);
        applyDropOutIfNecessary(training, workspaceMgr);
        Normalisation norm = new Normalisation(input.castTo(dataType));
        INDArray out = norm.normalised.mulRowVector(getParam(GAMMA)).addiRowVector(getParam(BETA));
        return workspaceMgr.leverageTo(ArrayType.ACTIVATIONS, out);
    }

    @Override
    public Pair<Gradient, INDArray> backpropGradient(INDArray epsilon, LayerWorkspaceMgr workspaceMgr) {
        assertInputSet(true);
        INDArray g = epsilon.castTo(dataType);
        Normalisation norm = new Normalisation(input.castTo(dataType));
        gradientViews.get(GAMMA).assign(g.mul(norm.normalised).sum(true, 0));
        gradientViews.get(BETA).assign(g.sum(true, 0));
        // d xhat / dx = (1 - a) / std - a (x - mu)^2 / std^3
        INDArray cubed = norm.std.mul(norm.std).muli(norm.std);
        INDArray slope = norm.centred.mul(norm.centred).muli(-norm.a).divi(cubed)
                .addi(Transforms.pow(norm.std, -1, true).muli(1 - norm.a));
        INDArray dx = g.mulRowVector(getParam(GAMMA)).muli(slope);
        // state: the capturing pass stores its batch as the reference (delta = old - new)
        if (norm.capturing) {
            gradientViews.get(REF_MEAN).assign(norm.refMean.neg());
            gradientViews.get(REF_MEAN_SQ).assign(norm.refMeanSq.neg());
            gradientViews.get(REF_SIZE).assign(-norm.refSize);
        } else {
            gradientViews.get(REF_MEAN).assign(0);
            gradientViews.get(REF_MEAN_SQ).assign(0);
            gradientViews.get(REF_SIZE).assign(0);
        }
        Gradient gradient = new DefaultGradient(gradientsFlattened);
        for (String key : new String[] {GAMMA, BETA, REF_MEAN, REF_MEAN_SQ, REF_SIZE}) {
            gradient.gradientForVariable().put(key, gradientViews.get(key));
        }
        return new Pair<>(gradient, workspaceMgr.leverageTo(ArrayType.ACTIVATION_GRAD, backpropDropOutIfPresent(dx)));
    }

    @Override
    public boolean updaterDivideByMinibatch(String paramName) {
        return !layerConf().stateParameters().contains(paramName);
    }

    @Override
    public boolean isPretrainLayer() {
        return false;
    }
}
