package org.gan4j.core.listen;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.Map;
import org.gan4j.core.Provenance;
import org.gan4j.core.StepResult;
import org.gan4j.core.TrainingContext;
import org.gan4j.core.TrainingResult;
import org.gan4j.core.checkpoint.OutputDirectories;

/**
 * Appends the training history as JSON Lines: a first line {@code {"provenance": {...}}} per run,
 * then one object per step with {@code step, epoch, d_loss, g_loss, d_real, d_fake, seconds}.
 * Other listeners may add records with {@link #append(Map)} (metrics, for example). Each line is
 * flushed when written.
 */
public final class HistoryWriter implements TrainingListener {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path file;
    private BufferedWriter out;

    /**
     * @param file the JSONL file (appended to; its directory is created now and must be writable)
     * @throws IllegalArgumentException when the directory is unusable
     */
    public HistoryWriter(Path file) {
        if (file == null) {
            throw new IllegalArgumentException("history file is null");
        }
        Path abs = file.toAbsolutePath();
        OutputDirectories.prepare(abs.getParent(), "history directory");
        this.file = abs;
    }

    /** @return the history file */
    public Path file() {
        return file;
    }

    @Override
    public void onStart(TrainingContext context) throws IOException {
        out = Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                StandardOpenOption.APPEND);
        append(Map.of("provenance", Provenance.of(context.trainer())));
    }

    @Override
    public void onStep(TrainingContext context, StepResult s) throws IOException {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("step", s.step());
        m.put("epoch", s.epoch());
        m.put("d_loss", finite(s.discriminatorLoss()));
        m.put("g_loss", finite(s.generatorLoss()));
        m.put("d_real", finite(s.dReal()));
        m.put("d_fake", finite(s.dFake()));
        m.put("seconds", s.nanos() / 1e9);
        append(m);
    }

    /**
     * Writes one record as a line.
     *
     * @param record JSON-serialisable values
     * @throws IOException on write failure
     * @throws IllegalStateException before the run started
     */
    public synchronized void append(Map<String, ?> record) throws IOException {
        if (out == null) {
            throw new IllegalStateException("history writer is not open: the run has not started");
        }
        out.write(JSON.writeValueAsString(record));
        out.newLine();
        out.flush();
    }

    @Override
    public void onFinish(TrainingContext context, TrainingResult result) throws IOException {
        close();
    }

    /** Closes the file; every line written so far is already flushed. */
    @Override
    public void onFailure(TrainingContext context, RuntimeException failure) throws IOException {
        close();
    }

    private synchronized void close() throws IOException {
        if (out != null) {
            out.close();
            out = null;
        }
    }

    private static Object finite(double v) {
        return Double.isFinite(v) ? v : String.valueOf(v);
    }
}
