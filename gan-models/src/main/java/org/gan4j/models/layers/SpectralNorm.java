package org.gan4j.models.layers;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.api.ParamInitializer;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.FeedForwardLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.gradient.Gradient;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * Spectral normalisation math shared by {@link SpectralNormDense} and
 * {@link SpectralNormConvolution}: power iteration on the weight seen as a matrix
 * {@code [nOut, rest]} (a dense weight {@code [nIn, nOut]} transposed, a convolution weight
 * {@code [out, in, kh, kw]} reshaped), and the gradient through {@code W / sigma} with the
 * singular vectors held constant.
 */
final class SpectralNorm {

    /** Name of the persistent left singular vector {@code u}, shape {@code [nOut, 1]}. */
    static final String U = "u";
    /** Power iterations run when a layer is created, so that the first estimate is already close. */
    static final int INITIAL_ITERATIONS = 15;
    private static final double NORM_EPS = 1e-12;

    private SpectralNorm() {
    }

    /** The power-iteration estimate: singular vectors {@code u [nOut, 1]}, {@code v [rest, 1]} and {@code sigma}. */
    record Estimate(INDArray u, INDArray v, double sigma) {
    }

    private static INDArray matrix(INDArray w) {
        return w.rank() == 2 ? w.transpose() : w.reshape('c', w.size(0), w.length() / w.size(0));
    }

    private static INDArray normalised(INDArray x) {
        return x.divi(Math.max(x.norm2Number().doubleValue(), NORM_EPS));
    }

    /**
     * Runs {@code iterations} steps {@code v = W^T u / ||W^T u||, u = W v / ||W v||} from {@code u}
     * (with none, only {@code v} is computed), then {@code sigma = u^T W v}. Reads {@code w} and
     * {@code u}, writes neither.
     */
    static Estimate estimate(INDArray w, INDArray u, int iterations) {
        INDArray m = matrix(w);
        INDArray uu = u.dup();
        INDArray v = null;
        for (int i = 0; i < iterations; i++) {
            v = normalised(m.transpose().mmul(uu));
            uu = normalised(m.mmul(v));
        }
        if (v == null) {
            v = normalised(m.transpose().mmul(uu));
        }
        double sigma = uu.transpose().mmul(m).mmul(v).getDouble(0);
        return new Estimate(uu, v, sigma);
    }

    /**
     * Turns {@code dL/dW_SN} into {@code dL/dW} in place, with {@code W_SN = W / sigma},
     * {@code sigma = u^T W v} and {@code u}, {@code v} constant:
     * {@code dL/dW = (G - <G, W_SN> u v^T) / sigma}.
     */
    static void chainGradient(INDArray gradient, INDArray w, Estimate e) {
        double inner = gradient.mul(w).sumNumber().doubleValue() / e.sigma();
        INDArray outer = e.u().mmul(e.v().transpose());
        INDArray weightShaped = w.rank() == 2 ? outer.transpose() : outer.reshape('c', w.shape());
        gradient.subi(weightShaped.muli(inner)).divi(e.sigma());
    }

    /**
     * The normalised weight {@code W / sigma} for a forward pass: {@code iterations} power
     * iterations from the stored {@code u} in training, none at inference.
     */
    static INDArray normalisedWeight(INDArray w, INDArray u, int iterations) {
        return w.div(estimate(w, u, iterations).sigma());
    }

    /**
     * Completes a layer's backward pass computed with {@code W_SN} in place of {@code W}: turns the
     * weight gradient into {@code dL/dW} and writes the update of {@code u} as the delta
     * {@code u_old - u_new} (applied under a no-op optimizer), adding it to the returned gradient.
     */
    static void completeBackward(Gradient gradient, Map<String, INDArray> params, Map<String, INDArray> gradients,
            String weightKey, int iterations) {
        INDArray w = params.get(weightKey);
        INDArray u = params.get(U);
        Estimate e = estimate(w, u, iterations);
        chainGradient(gradients.get(weightKey), w, e);
        INDArray uDelta = gradients.get(U);
        uDelta.assign(u.sub(e.u()));
        gradient.gradientForVariable().put(U, uDelta);
    }

    /**
     * Parameters of a spectrally normalised layer: those of the plain layer ({@code base}),
     * followed by the state vector {@value #U}, initialised at random on the unit sphere and
     * refined by {@value #INITIAL_ITERATIONS} power iterations.
     */
    static final class ParamInit implements ParamInitializer {
        private final ParamInitializer base;
        private final String weightKey;

        ParamInit(ParamInitializer base, String weightKey) {
            this.base = base;
            this.weightKey = weightKey;
        }

        private static long nOut(Layer layer) {
            return ((FeedForwardLayer) layer).getNOut();
        }

        @Override
        public long numParams(NeuralNetConfiguration conf) {
            return numParams(conf.getLayer());
        }

        @Override
        public long numParams(Layer layer) {
            return base.numParams(layer) + nOut(layer);
        }

        @Override
        public List<String> paramKeys(Layer layer) {
            List<String> keys = new ArrayList<>(base.paramKeys(layer));
            keys.add(U);
            return keys;
        }

        @Override
        public List<String> weightKeys(Layer layer) {
            return base.weightKeys(layer);
        }

        @Override
        public List<String> biasKeys(Layer layer) {
            return base.biasKeys(layer);
        }

        @Override
        public boolean isWeightParam(Layer layer, String key) {
            return base.isWeightParam(layer, key);
        }

        @Override
        public boolean isBiasParam(Layer layer, String key) {
            return base.isBiasParam(layer, key);
        }

        @Override
        public Map<String, INDArray> init(NeuralNetConfiguration conf, INDArray paramsView, boolean initializeParams) {
            long split = base.numParams(conf);
            INDArray flat = paramsView.reshape(paramsView.length());
            Map<String, INDArray> params = new LinkedHashMap<>(
                    base.init(conf, flat.get(NDArrayIndex.interval(0, split)), initializeParams));
            INDArray u = uView(conf, flat, split);
            params.put(U, u);
            if (initializeParams) {
                u.assign(normalised(Nd4j.randn(u.dataType(), u.shape())));
                u.assign(estimate(params.get(weightKey), u, INITIAL_ITERATIONS).u());
            }
            return params;
        }

        @Override
        public Map<String, INDArray> getGradientsFromFlattened(NeuralNetConfiguration conf, INDArray gradientView) {
            long split = base.numParams(conf);
            INDArray flat = gradientView.reshape(gradientView.length());
            Map<String, INDArray> grads = new LinkedHashMap<>(
                    base.getGradientsFromFlattened(conf, flat.get(NDArrayIndex.interval(0, split))));
            grads.put(U, uView(conf, flat, split));
            return grads;
        }

        private static INDArray uView(NeuralNetConfiguration conf, INDArray flat, long split) {
            return flat.get(NDArrayIndex.interval(split, flat.length())).reshape('f', nOut(conf.getLayer()), 1);
        }
    }
}
