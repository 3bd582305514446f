package org.gan4j.models.layers;

import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.layers.BaseLayer;
import org.deeplearning4j.nn.params.DefaultParamInitializer;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/** The layer of {@link SpectralNormDense}: DL4J's dense computation on {@code W / sigma}. */
final class SpectralNormDenseLayer extends BaseLayer<SpectralNormDense> {

    SpectralNormDenseLayer(NeuralNetConfiguration conf, DataType dataType) {
        super(conf, dataType);
    }

    @Override
    protected INDArray getParamWithNoise(String param, boolean training, LayerWorkspaceMgr workspaceMgr) {
        if (DefaultParamInitializer.WEIGHT_KEY.equals(param)) {
            return SpectralNorm.normalisedWeight(getParam(param), getParam(SpectralNorm.U),
                    training ? layerConf().getPowerIterations() : 0);
        }
        return super.getParamWithNoise(param, training, workspaceMgr);
    }

    @Override
    public Pair<Gradient, INDArray> backpropGradient(INDArray epsilon, LayerWorkspaceMgr workspaceMgr) {
        Pair<Gradient, INDArray> result = super.backpropGradient(epsilon, workspaceMgr);
        SpectralNorm.completeBackward(result.getFirst(), params, gradientViews, DefaultParamInitializer.WEIGHT_KEY,
                layerConf().getPowerIterations());
        return result;
    }

    @Override
    public boolean updaterDivideByMinibatch(String paramName) {
        return !SpectralNorm.U.equals(paramName);
    }

    @Override
    public boolean isPretrainLayer() {
        return false;
    }
}
