package org.gan4j.core.checkpoint;

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
import org.gan4j.core.net.GanNetwork;

/**
 * The checkpoint file format shared by every gan4j trainer: a zip with {@code checkpoint.json}
 * (format version plus the trainer's own fields: counters, configuration, provenance),
 * {@code generator.dl4j} and {@code discriminator.dl4j} (each network with its optimizer state, as
 * {@link GanNetwork#write} writes it). Files are written atomically (a temporary file in the same
 * directory, forced to disk, then renamed), so a failed write leaves the previous file intact.
 */
public final class CheckpointArchive {

    /** The format version this gan4j writes and reads. */
    public static final int FORMAT = 1;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String MANIFEST = "checkpoint.json";
    private static final String GENERATOR = "generator.dl4j";
    private static final String DISCRIMINATOR = "discriminator.dl4j";

    /**
     * What a checkpoint file holds.
     *
     * @param manifest the parsed {@code checkpoint.json}
     * @param generator the generator's bytes (DL4J model format)
     * @param discriminator the discriminator's bytes (DL4J model format)
     */
    public record Contents(JsonNode manifest, byte[] generator, byte[] discriminator) {
    }

    private CheckpointArchive() {
    }

    /**
     * Writes a checkpoint atomically.
     *
     * @param file destination; its directory is created when missing
     * @param fields the manifest's fields besides {@code format} (serialised with Jackson)
     * @param generator the generator network
     * @param discriminator the discriminator network
     * @throws IOException on write failure (the previous file, if any, is left as it was)
     */
    public static void write(Path file, Map<String, Object> fields, GanNetwork generator, GanNetwork discriminator)
            throws IOException {
        Path target = file.toAbsolutePath();
        Path dir = target.getParent();
        Files.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, target.getFileName().toString() + ".", ".tmp");
        try {
            try (OutputStream os = Files.newOutputStream(tmp); ZipOutputStream zip = new ZipOutputStream(os)) {
                Map<String, Object> manifest = new LinkedHashMap<>();
                manifest.put("format", FORMAT);
                manifest.putAll(fields);
                zip.putNextEntry(new ZipEntry(MANIFEST));
                zip.write(JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(manifest));
                zip.closeEntry();
                zip.putNextEntry(new ZipEntry(GENERATOR));
                generator.write(zip);
                zip.closeEntry();
                zip.putNextEntry(new ZipEntry(DISCRIMINATOR));
                discriminator.write(zip);
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

    /**
     * Reads a checkpoint and checks its format and entries.
     *
     * @param file the checkpoint
     * @return its contents
     * @throws NoSuchFileException when the file does not exist
     * @throws IOException when it is corrupt, truncated, lacks an entry or has another format
     *     (the message names the file)
     */
    public static Contents read(Path file) throws IOException {
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
        return new Contents(manifest, entries.get(GENERATOR), entries.get(DISCRIMINATOR));
    }

    /**
     * Restores a network from a checkpoint's bytes.
     *
     * @param net the network to restore into (same architecture)
     * @param bytes the stored network ({@link Contents#generator()} or {@link Contents#discriminator()})
     * @param file the checkpoint, for messages
     * @param which "generator" or "discriminator", for messages
     * @throws IllegalArgumentException when the stored network does not match {@code net}
     * @throws IOException when the bytes cannot be read
     */
    public static void restore(GanNetwork net, byte[] bytes, Path file, String which) throws IOException {
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
