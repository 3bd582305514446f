package org.gan4j.core;

import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Where an artefact (checkpoint, history, metrics) came from: library versions, the ND4J backend,
 * the Java runtime, the trainer's configuration (seed and data included) and the time it was
 * written.
 */
public final class Provenance {

    private Provenance() {
    }

    /** @return the gan4j version of this build */
    public static String gan4jVersion() {
        return mavenVersion("/org/gan4j/core/gan4j.properties", "version");
    }

    /** @return versions and runtime facts: gan4j, DL4J, ND4J, backend, Java, OS */
    public static Map<String, Object> environment() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("gan4j", gan4jVersion());
        m.put("deeplearning4j", mavenVersion("/META-INF/maven/org.deeplearning4j/deeplearning4j-nn/pom.properties",
                "version"));
        m.put("nd4j", mavenVersion("/META-INF/maven/org.nd4j/nd4j-api/pom.properties", "version"));
        m.put("backend", Nd4j.getBackend().getClass().getSimpleName());
        m.put("java", System.getProperty("java.version") + " (" + System.getProperty("java.vendor") + ")");
        m.put("os", System.getProperty("os.name") + " " + System.getProperty("os.arch"));
        return m;
    }

    /**
     * @param trainer the trainer whose run produced the artefact
     * @return environment, configuration (with seed and data description) and the current time
     */
    public static Map<String, Object> of(GanTrainer trainer) {
        Map<String, Object> m = new LinkedHashMap<>(environment());
        m.put("configuration", trainer.configuration());
        m.put("written", Instant.now().toString());
        return m;
    }

    private static String mavenVersion(String resource, String key) {
        try (InputStream in = Provenance.class.getResourceAsStream(resource)) {
            if (in == null) {
                return "unknown";
            }
            Properties p = new Properties();
            p.load(in);
            return p.getProperty(key, "unknown");
        } catch (IOException e) {
            return "unknown";
        }
    }
}
