package org.gan4j.models.layers;

import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.layers.convolution.ConvolutionLayer;
import org.deeplearning4j.nn.params.ConvolutionParamInitializer;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/** The layer of {@link SpectralNormConvolution}: DL4J's convolution on {@code W / sigma}. */
final class SpectralNormConvolutionLayer extends ConvolutionLayer {

    SpectralNormConvolutionLayer(NeuralNetConfiguration conf, DataType dataType) {
        super(conf, dataType);
    }

    private int powerIterations() {
        return ((SpectralNormConvolution) layerConf()).getPowerIterations();
    }

    @Override
    protected INDArray getParamWithNoise(String param, boolean training, LayerWorkspaceMgr workspaceMgr) {
        if (ConvolutionParamInitializer.WEIGHT_KEY.equals(param)) {
            return SpectralNorm.normalisedWeight(getParam(param), getParam(SpectralNorm.U),
                    training ? powerIterations() : 0);
        }
        return super.getParamWithNoise(param, training, workspaceMgr);
    }

    @Override
    public Pair<Gradient, INDArray> backpropGradient(INDArray epsilon, LayerWorkspaceMgr workspaceMgr) {
        Pair<Gradient, INDArray> result = super.backpropGradient(epsilon, workspaceMgr);
        SpectralNorm.completeBackward(result.getFirst(), params, gradientViews, ConvolutionParamInitializer.WEIGHT_KEY,
                powerIterations());
        return result;
    }

    @Override
    public boolean updaterDivideByMinibatch(String paramName) {
        return !SpectralNorm.U.equals(paramName);
    }
}
