package org.gan4j.core;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;
import org.deeplearning4j.util.ModelSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The checkpoint file format: a zip with {@code checkpoint.json} (format version, counters,
 * configuration, provenance), {@code generator.dl4j} and {@code discriminator.dl4j} (each network
 * with its optimizer state, in DL4J's model format).
 */
final class Checkpoints {

    static final int FORMAT = 1;
    private static final Logger LOG = LoggerFactory.getLogger(Checkpoints.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String MANIFEST = "checkpoint.json";
    private static final String GENERATOR = "generator.dl4j";
    private static final String DISCRIMINATOR = "discriminator.dl4j";

    private Checkpoints() {
    }

    static void write(GanTrainer trainer, TrainingState state, Path file) throws IOException {
        Path target = file.toAbsolutePath();
        Path dir = target.getParent();
        Files.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, target.getFileName().toString() + ".", ".tmp");
        try {
            try (OutputStream os = Files.newOutputStream(tmp); ZipOutputStream zip = new ZipOutputStream(os)) {
                Map<String, Object> manifest = new LinkedHashMap<>();
                manifest.put("format", FORMAT);
                Map<String, Object> s = new LinkedHashMap<>();
                s.put("step", state.step);
                s.put("discriminatorSteps", state.discriminatorSteps);
                s.put("criticStepsSinceGenerator", state.criticStepsSinceGenerator);
                s.put("epoch", state.epoch);
                s.put("batchInEpoch", state.batchInEpoch);
                manifest.put("state", s);
                manifest.put("provenance", Provenance.of(trainer));
                zip.putNextEntry(new ZipEntry(MANIFEST));
                zip.write(JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(manifest));
                zip.closeEntry();
                zip.putNextEntry(new ZipEntry(GENERATOR));
                trainer.generator().network().write(zip);
                zip.closeEntry();
                zip.putNextEntry(new ZipEntry(DISCRIMINATOR));
                trainer.discriminator().network().write(zip);
                zip.closeEntry();
            }
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
                ch.force(true);
            }
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    static TrainingState read(GanTrainer trainer, Path file) throws IOException {
        Map<String, byte[]> entries = entries(file);
        JsonNode manifest = manifest(entries, file);
        JsonNode s = manifest.path("state");
        long savedSeed = manifest.path("provenance").path("configuration").path("seed").asLong(trainer.seed());
        if (savedSeed != trainer.seed()) {
            LOG.warn("checkpoint {} was written with seed {}, this trainer uses {}: the resumed run will not repeat "
                    + "the original one", file, savedSeed, trainer.seed());
        }
        restore(trainer.generator().network(), entries.get(GENERATOR), file, "generator");
        restore(trainer.discriminator().network(), entries.get(DISCRIMINATOR), file, "discriminator");
        return new TrainingState(s.path("step").asLong(), s.path("discriminatorSteps").asLong(),
                s.path("criticStepsSinceGenerator").asInt(), s.path("epoch").asInt(), s.path("batchInEpoch").asLong());
    }

    /**
     * Reads only the generator and its latent space from a checkpoint, as a network of the kind
     * that was saved (MultiLayerNetwork or ComputationGraph), without its optimizer state.
     */
    static SavedGenerator readGenerator(Path file) throws IOException {
        Map<String, byte[]> entries = entries(file);
        JsonNode manifest = manifest(entries, file);
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
        byte[] g = entries.get(GENERATOR);
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

    /** All entries of a checkpoint zip, checked for the three required ones. */
    private static Map<String, byte[]> entries(Path file) throws IOException {
        Map<String, byte[]> entries = new HashMap<>();
        try (InputStream in = Files.newInputStream(file); ZipInputStream zip = new ZipInputStream(in)) {
            ZipEntry e;
            while ((e = zip.getNextEntry()) != null) {
                ByteArrayOutputStream buf = new ByteArrayOutputStream();
                zip.transferTo(buf);
                entries.put(e.getName(), buf.toByteArray());
            }
        } catch (NoSuchFileException e) {
            throw new NoSuchFileException(file.toString(), null, "checkpoint file does not exist");
        } catch (IOException e) {
            throw new IOException("checkpoint " + file + " is corrupt or truncated: " + e.getMessage(), e);
        }
        for (String name : new String[] {MANIFEST, GENERATOR, DISCRIMINATOR}) {
            if (!entries.containsKey(name)) {
                throw new IOException("checkpoint " + file + " is corrupt or truncated: entry '" + name
                        + "' is missing");
            }
        }
        return entries;
    }

    /** The parsed manifest, checked for this format version. */
    private static JsonNode manifest(Map<String, byte[]> entries, Path file) throws IOException {
        JsonNode manifest;
        try {
            manifest = JSON.readTree(entries.get(MANIFEST));
        } catch (IOException e) {
            throw new IOException("checkpoint " + file + " is corrupt: unreadable " + MANIFEST + ": " + e.getMessage(), e);
        }
        if (manifest.path("format").asInt(-1) != FORMAT) {
            throw new IOException("checkpoint " + file + " has format " + manifest.path("format") + ", this gan4j reads "
                    + FORMAT);
        }
        return manifest;
    }

    private static void restore(org.gan4j.core.net.GanNetwork net, byte[] bytes, Path file, String which)
            throws IOException {
        try {
            net.restore(new ByteArrayInputStream(bytes));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("checkpoint " + file + ": the " + which
                    + " does not match this trainer's: " + e.getMessage(), e);
        } catch (IOException | RuntimeException e) {
            throw new IOException("checkpoint " + file + " is corrupt: cannot read the " + which + ": " + e, e);
        }
    }
}
