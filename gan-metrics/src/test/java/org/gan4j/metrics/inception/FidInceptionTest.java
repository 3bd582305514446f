package org.gan4j.metrics.inception;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.gan4j.metrics.FeatureExtractor.Features;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * The FID Inception network against PyTorch (src/test/oracle/inception_oracle.py): the same
 * closed-formula weights and inputs, converted by the real conversion script on the PyTorch side.
 */
class FidInceptionTest {

    private static Map<String, INDArray> weights;
    private static FidInception inception;
    private static Map<String, INDArray> reference;
    private static JsonNode oracle;

    @BeforeAll
    static void load(@TempDir Path dir) throws Exception {
        weights = OracleWeights.fidInception();
        Path file = dir.resolve("fid_inception.npz");
        OracleWeights.writeNpz(file, weights);
        inception = FidInception.load(file);
        reference = Npz.read(resource("inception_reference.npz"));
        try (InputStream in = FidInceptionTest.class.getResourceAsStream("inception_oracle.json")) {
            oracle = new ObjectMapper().readTree(in);
        }
    }

    private static Path resource(String name) throws URISyntaxException {
        return Path.of(FidInceptionTest.class.getResource(name).toURI());
    }

    @Test
    void readsTheConvertersNpzExactly() throws Exception {
        Map<String, INDArray> tiny = Npz.read(resource("tiny_state_dict.npz"));
        // the integer num_batches_tracked entry is left out
        assertThat(tiny.keySet()).containsExactly("conv.weight", "bn.weight", "bn.bias", "bn.running_mean",
                "bn.running_var");
        assertThat(tiny.get("conv.weight").shape()).containsExactly(4, 3, 2, 3);
        for (Map.Entry<String, INDArray> e : tiny.entrySet()) {
            INDArray expected = OracleWeights.array(OracleWeights.keySeed(e.getKey()), e.getValue().shape(), -1f, 2f);
            assertThat(e.getValue().equals(expected)).as(e.getKey()).isTrue();
        }
    }

    @Test
    void conversionRoundTripsEveryParameterExactly() {
        // the converter's output (CRC-32 of each tensor's bytes, from PyTorch) equals these tensors bit for bit ...
        JsonNode crc = oracle.get("crc32");
        assertThat(weights).hasSize(crc.size());
        long count = 0;
        for (Map.Entry<String, INDArray> e : weights.entrySet()) {
            assertThat(crc.has(e.getKey())).as(e.getKey()).isTrue();
            assertThat(OracleWeights.crc(OracleWeights.littleEndian(e.getValue())))
                    .as(e.getKey()).isEqualTo(crc.get(e.getKey()).asLong());
            count += e.getValue().length();
        }
        assertThat(count).isEqualTo(oracle.get("parameters").asLong()).isEqualTo(23_885_392L);
        // ... and the graph holds them exactly: all but fc.bias, which is kept beside the graph
        ComputationGraph g = inception.graph();
        assertThat(g.numParams()).isEqualTo(count - FidInception.CLASSES);
        for (Map.Entry<String, INDArray> e : weights.entrySet()) {
            if (!e.getKey().equals("fc.bias")) {
                assertThat(graphParam(g, e.getKey())).as(e.getKey()).isEqualTo(e.getValue());
            }
        }
    }

    /** The graph's parameter for a state-dict key, in the state dict's shape. */
    private static INDArray graphParam(ComputationGraph g, String key) {
        if (key.equals("fc.weight")) {
            return g.getLayer("fc").getParam("W").transpose();
        }
        int dot = key.lastIndexOf('.');
        String suffix = key.substring(key.lastIndexOf('.', dot - 1) + 1);
        String param = Map.of("conv.weight", "W", "bn.weight", "gamma", "bn.bias", "beta",
                "bn.running_mean", "mean", "bn.running_var", "var").get(suffix);
        INDArray p = g.getLayer(key.substring(0, dot)).getParam(param);
        return param.equals("W") ? p : p.reshape(p.length());
    }

    @Test
    void forwardPassEqualsPytorchFid() {
        // two 40x48 RGB images (upsampled) in batches of 1, logits without bias
        check("rgb_upsample", new long[] {2, 3, 40, 48}, inception.withBatchSize(1), "logits_unbiased");
        // a 28x28 grey image (repeated to 3 channels), logits with bias
        check("gray", new long[] {1, 1, 28, 28}, inception.withLogitsBias(true), "logits");
        // a 320x310 RGB image (downsampled)
        check("rgb_downsample", new long[] {1, 3, 320, 310}, inception, "logits_unbiased");
    }

    private static void check(String name, long[] shape, FidInception extractor, String logitsKey) {
        int c = switch (name) {
            case "rgb_upsample" -> 0;
            case "gray" -> 1;
            default -> 2;
        };
        INDArray images = OracleWeights.array(1000 + c, shape, -1f, 2f);
        INDArray resized = FidInception.preprocess(images);
        assertThat(resized.shape()).containsExactly(shape[0], 3, 299, 299);
        INDArray pos = reference.get(name + ".resized_positions");
        INDArray values = reference.get(name + ".resized_values");
        // source coordinates are float32 in both, rounded differently (up to ~299 * 2^-24 * 2 pixels
        // off when downsampling), and neighbouring random pixels differ by up to 2
        for (int i = 0; i < pos.size(0); i++) {
            float got = resized.getFloat(pos.getLong(i, 0), pos.getLong(i, 1), pos.getLong(i, 2), pos.getLong(i, 3));
            assertThat(got).as(name + " resized " + pos.getRow(i)).isCloseTo(values.getFloat(i),
                    Offset.offset(1e-4f));
        }
        Features f = extractor.extract(images);
        assertThat(f.embeddings().shape()).containsExactly(shape[0], 2048);
        assertThat(f.logits().shape()).containsExactly(shape[0], 1008);
        report(name, "pool3", f.embeddings(), reference.get(name + ".pool3"));
        report(name, logitsKey, f.logits(), reference.get(name + "." + logitsKey));
    }

    private static void report(String name, String what, INDArray got, INDArray expected) {
        double maxAbs = Transforms.abs(got.sub(expected)).maxNumber().doubleValue();
        double scale = Transforms.abs(expected).maxNumber().doubleValue();
        System.out.printf("%s %s: max |diff| %.3g, max |ref| %.3g%n", name, what, maxAbs, scale);
        assertThat(maxAbs).as(name + " " + what).isLessThan(1e-4 * scale);
    }

    @Test
    void rejectsImagesOutsideItsContract() {
        assertThatThrownBy(() -> inception.extract(Nd4j.zeros(DataType.FLOAT, 2, 3, 8)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("[2, 3, 8]");
        assertThatThrownBy(() -> inception.extract(Nd4j.zeros(DataType.FLOAT, 1, 2, 8, 8)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("C = 1 or 3");
        // images in [0, 255] (or [0, 1.5]) are a caller's mistake, not something to rescale silently
        assertThatThrownBy(() -> inception.extract(Nd4j.ones(DataType.FLOAT, 1, 3, 8, 8).muli(1.5)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("[-1, 1]");
        assertThatThrownBy(() -> inception.withBatchSize(0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("0");
    }

    @Test
    void rejectsWeightsOfAnotherNetworkAndLeavesTheGraphUnchanged() throws Exception {
        ComputationGraph g = inception.graph();
        INDArray before = g.params().dup();
        Path tiny = resource("tiny_state_dict.npz");
        assertThatThrownBy(() -> FidInception.load(tiny)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("missing 472 key(s)").hasMessageContaining("unexpected 5 key(s) [bn.bias");
        Map<String, INDArray> wrong = new LinkedHashMap<>(weights);
        wrong.put("Mixed_7c.branch_pool.conv.weight", Nd4j.zeros(DataType.FLOAT, 192, 2048, 3, 3));
        assertThatThrownBy(() -> FidInceptionGraph.create().load(g, wrong))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Mixed_7c.branch_pool.conv.weight: expected shape [192, 2048, 1, 1], "
                        + "got [192, 2048, 3, 3]");
        assertThat(g.params()).isEqualTo(before);
    }
}
