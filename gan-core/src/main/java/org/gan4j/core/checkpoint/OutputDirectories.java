package org.gan4j.core.checkpoint;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Early, clear checks of output directories. */
public final class OutputDirectories {

    private OutputDirectories() {
    }

    /**
     * Creates the directory if needed and checks that a file can be created in it.
     *
     * @param directory the directory
     * @param what what it is for, used in the error message
     * @return the directory as an absolute path
     * @throws IllegalArgumentException when it is null, cannot be created or is not writable
     */
    public static Path prepare(Path directory, String what) {
        if (directory == null) {
            throw new IllegalArgumentException(what + " is null");
        }
        Path dir = directory.toAbsolutePath();
        try {
            Files.createDirectories(dir);
            Path probe = Files.createTempFile(dir, ".write-probe", ".tmp");
            Files.delete(probe);
        } catch (IOException | SecurityException e) {
            throw new IllegalArgumentException(what + " " + dir + " cannot be created or is not writable: " + e, e);
        }
        return dir;
    }
}
