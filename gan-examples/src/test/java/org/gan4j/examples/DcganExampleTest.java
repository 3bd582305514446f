package org.gan4j.examples;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DcganExampleTest {

    @Test
    void dcganExampleWritesItsOutputs(@TempDir Path dir) throws Exception {
        TrainDcgan.main(new String[] {"--steps", "2", "--every", "2", "--out", dir.toString()});
        assertThat(dir.resolve("samples/samples-0000002.png")).exists();
        assertThat(dir.resolve("checkpoints/checkpoint-000000002.zip")).exists();
        assertThat(new ObjectMapper().readTree(dir.resolve("metrics.json").toFile()).get("steps").asInt()).isEqualTo(2);
    }
}
