package org.gan4j.core;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.deeplearning4j.util.ModelSerializer;
import org.gan4j.core.checkpoint.CheckpointArchive;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The trainer's checkpoints in {@link CheckpointArchive}'s format: the manifest holds the
 * training counters ({@code state}) and the provenance with the configuration.
 */
final class Checkpoints {

    private static final Logger LOG = LoggerFactory.getLogger(Checkpoints.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private Checkpoints() {
    }

    static void write(GanTrainer trainer, TrainingState state, Path file) throws IOException {
        Map<String, Object> manifest = new LinkedHashMap<>();
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("step", state.step);
        s.put("discriminatorSteps", state.discriminatorSteps);
        s.put("criticStepsSinceGenerator", state.criticStepsSinceGenerator);
        s.put("epoch", state.epoch);
        s.put("batchInEpoch", state.batchInEpoch);
        manifest.put("state", s);
        manifest.put("provenance", Provenance.of(trainer));
        CheckpointArchive.write(file, manifest, trainer.generator().network(), trainer.discriminator().network());
    }

    static TrainingState read(GanTrainer trainer, Path file) throws IOException {
        CheckpointArchive.Contents c = CheckpointArchive.read(file);
        JsonNode manifest = c.manifest();
        JsonNode s = manifest.path("state");
        long savedSeed = manifest.path("provenance").path("configuration").path("seed").asLong(trainer.seed());
        if (savedSeed != trainer.seed()) {
            LOG.warn("checkpoint {} was written with seed {}, this trainer uses {}: the resumed run will not repeat "
                    + "the original one", file, savedSeed, trainer.seed());
        }
        CheckpointArchive.restore(trainer.generator().network(), c.generator(), file, "generator");
        CheckpointArchive.restore(trainer.discriminator().network(), c.discriminator(), file, "discriminator");
        return new TrainingState(s.path("step").asLong(), s.path("discriminatorSteps").asLong(),
                s.path("criticStepsSinceGenerator").asInt(), s.path("epoch").asInt(), s.path("batchInEpoch").asLong());
    }

    /**
     * Reads only the generator and its latent space from a checkpoint, as a network of the kind
     * that was saved (MultiLayerNetwork or ComputationGraph), without its optimizer state.
     */
    static SavedGenerator readGenerator(Path file) throws IOException {
        CheckpointArchive.Contents contents = CheckpointArchive.read(file);
        JsonNode manifest = contents.manifest();
        JsonNode config = manifest.path("provenance").path("configuration");
        String latent = config.path("latent").asText("");
        LatentSpace space;
        Conditioning conditioning;
        try {
            space = LatentSpace.parse(latent);
            JsonNode c = config.path("conditioning");
            conditioning = c.isTextual() ? Conditioning.parse(c.asText()) : null;
        } catch (IllegalArgumentException e) {
            throw new IOException("checkpoint " + file + " is corrupt: " + e.getMessage(), e);
        }
        byte[] g = contents.generator();
        Generator generator;
        try {
            ByteArrayInputStream in = new ByteArrayInputStream(g);
            generator = isGraph(g) ? Generator.of(ModelSerializer.restoreComputationGraph(in, false))
                    : Generator.of(ModelSerializer.restoreMultiLayerNetwork(in, false));
        } catch (IOException | RuntimeException e) {
            throw new IOException("checkpoint " + file + " is corrupt: cannot read the generator: " + e, e);
        }
        if (conditioning != null) {
            generator = generator.conditionedOn(conditioning);
        }
        return new SavedGenerator(generator, space, manifest.path("state").path("step").asLong());
    }

    /** Whether a DL4J model file holds a ComputationGraph (its configuration has vertices). */
    private static boolean isGraph(byte[] model) throws IOException {
        try (ZipInputStream zip = new ZipInputStream(new ByteArrayInputStream(model))) {
            ZipEntry e;
            while ((e = zip.getNextEntry()) != null) {
                if (e.getName().equals(ModelSerializer.CONFIGURATION_JSON)) {
                    return JSON.readTree(zip.readAllBytes()).has("vertices");
                }
            }
        }
        throw new IOException("the generator's model file has no " + ModelSerializer.CONFIGURATION_JSON);
    }
}
