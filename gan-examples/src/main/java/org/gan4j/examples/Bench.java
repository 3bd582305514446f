package org.gan4j.examples;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.lang.management.ManagementFactory;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.gan4j.core.GanTrainer;
import org.gan4j.core.TrainingState;
import org.gan4j.core.data.ImageDataset;
import org.gan4j.models.Dcgan;
import org.gan4j.models.MlpGan;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.bytedeco.javacpp.Pointer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Training-throughput benchmark with the reference peer's protocol: W warm-up iterations, then N
 * timed ones; one iteration = one discriminator update (real + fake) then one generator update,
 * real batches drawn uniformly with replacement from 10,000 examples (random in [-1, 1], or the
 * bundled digits). Prints one JSON line: it/s, images/s, threads, the largest heap use and
 * process resident memory (RSS, heap and native) sampled every 50 timed iterations, the last
 * losses, and which ND4J native build ran ({@code default} or {@code oneDNN}) with DL4J's layer
 * helpers on or off. It also reports the arithmetic of one iteration (multiply-adds of the dense,
 * convolution and transposed-convolution layers, counted as 2 FLOPs each: G forward twice and
 * backward once, D forward three times and backward three times, a backward pass costing two
 * forward passes), the GFLOP/s that achieves, and the machine's single-precision gemm GFLOP/s
 * measured on the same threads ({@code 1024 x 1024 x 1024}, about one second), so that the
 * training speed can be read against the compute limit.
 *
 * <p>Options: {@code --model mlp|dcgan}, {@code --batch 64}, {@code --iters 500}, {@code --warmup 100},
 * {@code --data random|digits}, {@code --threads 1}, {@code --memory-every N} (also print heap
 * after a GC and RSS every N timed iterations to standard error, to check that memory stays flat).
 */
public final class Bench {

    private Bench() {
    }

    /**
     * Runs the benchmark.
     *
     * @param args options as described in the class documentation
     * @throws Exception on failure
     */
    public static void main(String[] args) throws Exception {
        Options o = Options.parse(args, Map.of("model", "mlp", "batch", "64", "iters", "500", "warmup", "100",
                "data", "random", "threads", "1", "memory-every", "0"), List.of());
        int memoryEvery = o.integer("memory-every");
        int threads = o.integer("threads");
        Threads.configure(threads);
        int batch = o.integer("batch");
        GanTrainer.Builder builder = switch (o.get("model")) {
            case "mlp" -> MlpGan.mnist().trainer(0);
            case "dcgan" -> Dcgan.mnist().trainer(0);
            default -> throw new IllegalArgumentException("unknown model '" + o.get("model")
                    + "'; available: mlp, dcgan");
        };
        GanTrainer trainer = builder.batchSize(batch).maxSteps(Long.MAX_VALUE - 1).build();
        ImageDataset.Layout layout = o.get("model").equals("dcgan") ? ImageDataset.Layout.NCHW
                : ImageDataset.Layout.FLAT;
        INDArray pool; // [examples, 784]
        if (o.get("data").equals("digits")) {
            ImageDataset d = ImageDataset.bundledDigits();
            pool = d.features(0, d.size(), ImageDataset.Layout.FLAT);
        } else if (o.get("data").equals("random")) {
            pool = Nd4j.rand(DataType.FLOAT, 10_000, 784).muli(2).subi(1);
        } else {
            throw new IllegalArgumentException("unknown data '" + o.get("data") + "'; available: random, digits");
        }
        INDArray examples = pool;
        long[] batchShape = layout == ImageDataset.Layout.NCHW ? new long[] {batch, 1, 28, 28} : new long[] {batch, 784};
        TrainingState state = trainer.newState();
        java.util.Random rng = new java.util.Random(1);
        int[] rows = new int[batch];
        double[] last = new double[2];
        Runnable step = () -> {
            for (int i = 0; i < batch; i++) {
                rows[i] = rng.nextInt((int) examples.size(0));
            }
            INDArray real = Nd4j.pullRows(examples, 1, rows).reshape(batchShape);
            last[0] = trainer.trainDiscriminator(state, real).loss();
            last[1] = trainer.trainGenerator(state);
        };
        for (int i = 0; i < o.integer("warmup"); i++) {
            step.run();
        }
        int iters = o.integer("iters");
        long peakRss = 0;
        long peakHeap = 0;
        long t0 = System.nanoTime();
        for (int i = 0; i < iters; i++) {
            step.run();
            if (i % 50 == 0) {
                peakRss = Math.max(peakRss, Pointer.physicalBytes());
                peakHeap = Math.max(peakHeap, ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed());
            }
            if (memoryEvery > 0 && (i + 1) % memoryEvery == 0) {
                System.gc();
                System.err.printf("{\"iter\": %d, \"heap_used_after_gc_bytes\": %d, \"rss_bytes\": %d}%n", i + 1,
                        ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed(), Pointer.physicalBytes());
            }
        }
        double secs = (System.nanoTime() - t0) / 1e9;
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("impl", "gan4j");
        m.put("model", o.get("model"));
        m.put("batch", batch);
        m.put("data", o.get("data"));
        m.put("iters", iters);
        m.put("it_per_s", Math.round(iters / secs * 100) / 100.0);
        m.put("img_per_s", Math.round(iters * batch / secs * 10) / 10.0);
        m.put("threads", threads);
        m.put("nd4j_build", Threads.nativeBuild());
        m.put("layer_helpers", Threads.layerHelpers());
        double gflop = iterationGflop(o.get("model"), batch);
        m.put("gflop_per_iter", Math.round(gflop * 1000) / 1000.0);
        m.put("gflops", Math.round(gflop * iters / secs * 10) / 10.0);
        m.put("sgemm_gflops", Math.round(sgemmGflops() * 10) / 10.0);
        m.put("heap_used_max_bytes", peakHeap);
        m.put("rss_max_bytes", peakRss);
        m.put("loss_d", last[0]);
        m.put("loss_g", last[1]);
        System.out.println(new ObjectMapper().writeValueAsString(m));
    }

    /**
     * @return GFLOP of one benchmark iteration of the model at this batch size: 4 G forward
     *     passes' worth (two forwards, one backward) and 9 D forward passes' worth (three forwards,
     *     three backwards)
     */
    static double iterationGflop(String model, int batch) {
        MultiLayerNetwork g = model.equals("mlp") ? MlpGan.mnist().generatorNetwork(0) : Dcgan.mnist().generatorNetwork(0);
        MultiLayerNetwork d = model.equals("mlp") ? MlpGan.mnist().discriminatorNetwork(0)
                : Dcgan.mnist().discriminatorNetwork(0);
        INDArray z = Nd4j.zeros(DataType.FLOAT, 1, 100);
        INDArray x = model.equals("mlp") ? Nd4j.zeros(DataType.FLOAT, 1, 784) : Nd4j.zeros(DataType.FLOAT, 1, 1, 28, 28);
        return batch * (4 * forwardFlop(g, z) + 9 * forwardFlop(d, x)) / 1e9;
    }

    /** FLOPs of one example's forward pass through the dense and convolution layers of {@code net}. */
    private static double forwardFlop(MultiLayerNetwork net, INDArray example) {
        List<INDArray> acts = net.feedForward(example, false);
        double flop = 0;
        for (int i = 0; i < net.getnLayers(); i++) {
            org.deeplearning4j.nn.conf.layers.Layer c = net.getLayer(i).conf().getLayer();
            long out = acts.get(i + 1).length();
            long in = acts.get(i).length();
            if (c instanceof org.deeplearning4j.nn.conf.layers.Deconvolution2D dc) {
                // every input position meets the whole kernel for every output channel
                flop += 2.0 * in * dc.getNOut() * dc.getKernelSize()[0] * dc.getKernelSize()[1];
            } else if (c instanceof org.deeplearning4j.nn.conf.layers.ConvolutionLayer cv) {
                flop += 2.0 * out * cv.getNIn() * cv.getKernelSize()[0] * cv.getKernelSize()[1];
            } else if (c instanceof org.deeplearning4j.nn.conf.layers.DenseLayer) {
                flop += 2.0 * in * out;
            }
        }
        return flop;
    }

    /** @return single-precision gemm GFLOP/s of a 1024-cube product on the configured threads */
    private static double sgemmGflops() {
        int n = 1024;
        INDArray a = Nd4j.rand(DataType.FLOAT, n, n);
        INDArray b = Nd4j.rand(DataType.FLOAT, n, n);
        INDArray c = Nd4j.create(DataType.FLOAT, n, n);
        Nd4j.gemm(a, b, c, false, false, 1.0, 0.0);
        int reps = 0;
        long t0 = System.nanoTime();
        long elapsed;
        do {
            Nd4j.gemm(a, b, c, false, false, 1.0, 0.0);
            reps++;
            elapsed = System.nanoTime() - t0;
        } while (elapsed < 1_000_000_000L);
        return 2.0 * n * n * n * reps / (elapsed / 1e9) / 1e9;
    }
}
