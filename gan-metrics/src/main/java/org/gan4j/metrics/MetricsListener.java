package org.gan4j.metrics;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.gan4j.core.GanTrainer;
import org.gan4j.core.StepResult;
import org.gan4j.core.TrainingContext;
import org.gan4j.core.listen.HistoryWriter;
import org.gan4j.core.listen.TrainingListener;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every N steps, generates a fixed budget of samples (from fixed latent seeds), embeds them with a
 * {@link FeatureExtractor} and measures FID and KID against real statistics computed once at the
 * start, plus the Inception Score and {@link ClassCoverage} when the extractor gives logits.
 * Each measurement is logged, kept ({@link #records()}) and appended to a {@link HistoryWriter}
 * if one is given.
 */
public final class MetricsListener implements TrainingListener {

    private static final Logger LOG = LoggerFactory.getLogger(MetricsListener.class);
    private static final int BATCH = 250;

    private final FeatureExtractor extractor;
    private final INDArray realImages;
    private final int everySteps;
    private final int samples;
    private final HistoryWriter history;
    private final List<Map<String, Object>> records = new ArrayList<>();
    private EmbeddingStatistics realStats;
    private INDArray realEmbeddings;

    /**
     * @param extractor embeds images (in the layout G produces)
     * @param realImages real images to compare with, {@code [n, ...]}, n at least 2
     * @param everySteps positive
     * @param samples generated samples per measurement, at least 2
     * @param history where to append the records, or null
     * @throws IllegalArgumentException for non-positive counts or fewer than 2 real images
     */
    public MetricsListener(FeatureExtractor extractor, INDArray realImages, int everySteps, int samples,
            HistoryWriter history) {
        if (extractor == null || realImages == null || realImages.size(0) < 2) {
            throw new IllegalArgumentException("an extractor and at least 2 real images are needed");
        }
        if (everySteps <= 0 || samples < 2) {
            throw new IllegalArgumentException("interval must be positive and samples at least 2, got " + everySteps
                    + " and " + samples);
        }
        this.extractor = extractor;
        this.realImages = realImages;
        this.everySteps = everySteps;
        this.samples = samples;
        this.history = history;
    }

    /** @return the measurements so far, one map per measured step */
    public List<Map<String, Object>> records() {
        return List.copyOf(records);
    }

    @Override
    public void onStart(TrainingContext context) {
        if (realStats == null) {
            realStats = new EmbeddingStatistics(extractor.embeddingSize());
            List<INDArray> parts = new ArrayList<>();
            for (long s = 0; s < realImages.size(0); s += BATCH) {
                INDArray batch = rows(realImages, s, Math.min(realImages.size(0), s + BATCH));
                INDArray e = extractor.extract(batch).embeddings();
                realStats.add(e);
                parts.add(e.castTo(org.nd4j.linalg.api.buffer.DataType.DOUBLE));
            }
            realEmbeddings = Nd4j.concat(0, parts.toArray(new INDArray[0]));
        }
    }

    @Override
    public void onStep(TrainingContext context, StepResult step) throws Exception {
        if (step.step() % everySteps != 0) {
            return;
        }
        GanTrainer t = context.trainer();
        EmbeddingStatistics fakeStats = new EmbeddingStatistics(extractor.embeddingSize());
        List<INDArray> embeddings = new ArrayList<>();
        List<INDArray> logits = new ArrayList<>();
        for (int s = 0, k = 0; s < samples; s += BATCH, k++) {
            int n = Math.min(BATCH, samples - s);
            FeatureExtractor.Features f = extractor.extract(t.generator().sample(n, t.latent(), t.seed() + 7919L * k));
            fakeStats.add(f.embeddings());
            embeddings.add(f.embeddings().castTo(org.nd4j.linalg.api.buffer.DataType.DOUBLE));
            if (f.logits() != null) {
                logits.add(f.logits());
            }
        }
        INDArray fake = Nd4j.concat(0, embeddings.toArray(new INDArray[0]));
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("step", step.step());
        r.put("fid", FrechetDistance.between(realStats, fakeStats));
        int m = (int) Math.min(1000, Math.min(fake.size(0), realEmbeddings.size(0)));
        KernelInceptionDistance kid = KernelInceptionDistance.of(realEmbeddings, fake, 10, m, t.seed());
        r.put("kid", kid.mean());
        r.put("kid_std", kid.std());
        if (!logits.isEmpty()) {
            INDArray l = Nd4j.concat(0, logits.toArray(new INDArray[0]));
            InceptionScore is = InceptionScore.fromLogits(l, Math.min(10, (int) l.size(0)));
            r.put("inception_score", is.mean());
            ClassCoverage c = ClassCoverage.of(InceptionScore.softmax(l), 0.01, 0.9);
            r.put("classes_present", c.classesPresent());
            r.put("class_entropy", c.entropy());
        }
        records.add(r);
        LOG.info("metrics at step {}: {}", step.step(), r);
        if (history != null) {
            history.append(r);
        }
    }

    /** Rows {@code [from, to)} of an array of any rank, as a view. */
    static INDArray rows(INDArray a, long from, long to) {
        org.nd4j.linalg.indexing.INDArrayIndex[] ix = new org.nd4j.linalg.indexing.INDArrayIndex[a.rank()];
        ix[0] = NDArrayIndex.interval(from, to);
        for (int i = 1; i < ix.length; i++) {
            ix[i] = NDArrayIndex.all();
        }
        return a.get(ix);
    }
}
