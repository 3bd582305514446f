package org.gan4j.cpu;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.layers.convolution.ConvolutionLayer;
import org.deeplearning4j.nn.layers.mkldnn.BaseMKLDNNHelper;
import org.deeplearning4j.nn.layers.mkldnn.MKLDNNBatchNormHelper;
import org.deeplearning4j.nn.layers.mkldnn.MKLDNNConvHelper;
import org.deeplearning4j.nn.layers.normalization.BatchNormalization;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.gan4j.core.GanTrainer;
import org.gan4j.core.TrainingState;
import org.gan4j.models.Dcgan;
import org.junit.jupiter.api.Test;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * DL4J's oneDNN layer helpers: that DL4J finds the backend's oneDNN switch, and that the DCGAN
 * pair computes the same outputs, gradients and training losses with the helpers as with DL4J's
 * built-in layer code. Runs with ND4J's default build and (with {@code -Donednn}) its oneDNN build.
 */
class OneDnnLayerHelpersTest {

    private static final String DISABLE = "org.eclipse.deeplearning4j.helpers.disable";

    /** Builds something with DL4J's layer helpers allowed or not. */
    private static <T> T withHelpers(boolean allowed, Supplier<T> build) {
        String before = System.getProperty(DISABLE);
        System.setProperty(DISABLE, Boolean.toString(!allowed));
        try {
            return build.get();
        } finally {
            if (before == null) {
                System.clearProperty(DISABLE);
            } else {
                System.setProperty(DISABLE, before);
            }
        }
    }

    @Test
    void dl4jSeesTheBackendsOneDnnSwitch() {
        assertThat(org.nd4j.linalg.cpu.nativecpu.bindings.Nd4jCpu.Environment.getInstance().isUseONEDNN()).isTrue();
        assertThat(BaseMKLDNNHelper.mklDnnEnabled()).isTrue();
    }

    @Test
    void dcganLayersGiveTheSameOutputsAndGradientsWithHelpers() {
        Dcgan dcgan = Dcgan.mnist();
        Nd4j.getRandom().setSeed(3);
        INDArray z = Nd4j.randn(DataType.FLOAT, 16, 100);
        INDArray x = Nd4j.rand(DataType.FLOAT, 16, 1, 28, 28).muli(2).subi(1);
        compare(withHelpers(false, () -> dcgan.generatorNetwork(5)), withHelpers(true, () -> dcgan.generatorNetwork(5)), z);
        compare(withHelpers(false, () -> dcgan.discriminatorNetwork(6)),
                withHelpers(true, () -> dcgan.discriminatorNetwork(6)), x);
    }

    private static void compare(MultiLayerNetwork builtIn, MultiLayerNetwork helped, INDArray input) {
        int helpers = 0;
        for (Layer l : helped.getLayers()) {
            if (l instanceof ConvolutionLayer && !(l instanceof org.deeplearning4j.nn.layers.convolution.Deconvolution2DLayer)) {
                assertThat(l.getHelper()).isInstanceOf(MKLDNNConvHelper.class);
                helpers++;
            } else if (l instanceof BatchNormalization) {
                assertThat(l.getHelper()).isInstanceOf(MKLDNNBatchNormHelper.class);
                helpers++;
            }
        }
        for (Layer l : builtIn.getLayers()) {
            assertThat(l.getHelper()).isNull();
        }
        assertThat(helpers).isPositive();
        helped.params().assign(builtIn.params());
        List<INDArray[]> a = pass(builtIn, input);
        List<INDArray[]> b = pass(helped, input);
        String[] names = {"output", "parameter gradient", "input gradient"};
        for (int i = 0; i < names.length; i++) {
            INDArray u = a.get(i)[0];
            INDArray v = b.get(i)[0];
            double scale = Math.max(u.amaxNumber().doubleValue(), 1e-12);
            double rel = u.sub(v).amaxNumber().doubleValue() / scale;
            assertThat(rel).as("%s: max difference relative to the largest value", names[i]).isLessThan(1e-5);
        }
    }

    /** Training-mode forward and backward from a fixed output gradient: output, parameter and input gradients. */
    private static List<INDArray[]> pass(MultiLayerNetwork net, INDArray input) {
        net.setInput(input);
        List<INDArray> acts = net.feedForward(true, false);
        INDArray out = acts.get(acts.size() - 1).dup();
        Nd4j.getRandom().setSeed(11);
        INDArray eps = Nd4j.randn(DataType.FLOAT, out.shape());
        Pair<Gradient, INDArray> p = net.backpropGradient(eps, LayerWorkspaceMgr.noWorkspaces());
        List<INDArray[]> r = new ArrayList<>();
        r.add(new INDArray[] {out});
        r.add(new INDArray[] {p.getFirst().gradient().dup()});
        r.add(new INDArray[] {p.getSecond().dup()});
        return r;
    }

    @Test
    void dcganTrainsToTheSameLossesWithHelpers() {
        double[] builtIn = withHelpers(false, () -> losses(Dcgan.mnist().trainer(4).build()));
        double[] helped = withHelpers(true, () -> losses(Dcgan.mnist().trainer(4).build()));
        for (int i = 0; i < builtIn.length; i++) {
            assertThat(helped[i]).as("loss %d", i).isCloseTo(builtIn[i], org.assertj.core.data.Offset.offset(5e-4));
        }
    }

    /** D and G losses of 5 iterations on fixed batches. */
    private static double[] losses(GanTrainer trainer) {
        TrainingState state = trainer.newState();
        Nd4j.getRandom().setSeed(21);
        INDArray data = Nd4j.rand(DataType.FLOAT, 5 * 64, 1, 28, 28).muli(2).subi(1);
        double[] losses = new double[10];
        for (int i = 0; i < 5; i++) {
            losses[2 * i] = trainer.trainDiscriminator(state, data.get(
                    org.nd4j.linalg.indexing.NDArrayIndex.interval(64 * i, 64 * (i + 1)))).loss();
            losses[2 * i + 1] = trainer.trainGenerator(state);
        }
        return losses;
    }
}
