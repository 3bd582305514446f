package org.gan4j.core.data;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPInputStream;

/**
 * A parsed IDX file (the MNIST / Fashion-MNIST format) of unsigned bytes: its dimensions and its
 * data, row-major. Gzip-compressed files are detected by their magic bytes. Immutable.
 */
public final class IdxFile {

    private final int[] dims;
    private final byte[] data;

    private IdxFile(int[] dims, byte[] data) {
        this.dims = dims;
        this.data = data;
    }

    /**
     * Reads an IDX file of unsigned bytes (type code 0x08), raw or gzip.
     *
     * @param file the file
     * @return the parsed file
     * @throws IOException when it cannot be read, is not IDX of unsigned bytes, or is truncated (the message names the file)
     */
    public static IdxFile read(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return read(in, file.toString());
        }
    }

    /**
     * Reads an IDX stream of unsigned bytes, raw or gzip.
     *
     * @param in the stream (not closed)
     * @param name what to call it in error messages
     * @return the parsed file
     * @throws IOException when it is not IDX of unsigned bytes or is truncated
     */
    public static IdxFile read(InputStream in, String name) throws IOException {
        BufferedInputStream buffered = new BufferedInputStream(in);
        buffered.mark(2);
        int b0 = buffered.read();
        int b1 = buffered.read();
        buffered.reset();
        InputStream src = (b0 == 0x1f && b1 == 0x8b) ? new GZIPInputStream(buffered, 1 << 16) : buffered;
        DataInputStream din = new DataInputStream(src);
        try {
            int magic = din.readInt();
            if ((magic >>> 16) != 0 || ((magic >>> 8) & 0xff) != 0x08) {
                throw new IOException(name + " is not an IDX file of unsigned bytes (magic 0x"
                        + Integer.toHexString(magic) + ")");
            }
            int rank = magic & 0xff;
            if (rank < 1 || rank > 4) {
                throw new IOException(name + ": unsupported IDX rank " + rank);
            }
            int[] dims = new int[rank];
            long total = 1;
            for (int i = 0; i < rank; i++) {
                dims[i] = din.readInt();
                if (dims[i] < 0) {
                    throw new IOException(name + ": negative dimension " + dims[i]);
                }
                total *= dims[i];
            }
            if (total > Integer.MAX_VALUE - 8) {
                throw new IOException(name + ": too large (" + total + " values)");
            }
            byte[] data = new byte[(int) total];
            din.readFully(data);
            return new IdxFile(dims, data);
        } catch (EOFException e) {
            throw new IOException(name + " is truncated", e);
        }
    }

    /** @return the dimensions, e.g. {@code [10000, 28, 28]} */
    public int[] dims() {
        return dims.clone();
    }

    /** @return the number of items (the first dimension) */
    public int count() {
        return dims[0];
    }

    /** @return values per item (product of the other dimensions) */
    public int itemSize() {
        int s = 1;
        for (int i = 1; i < dims.length; i++) {
            s *= dims[i];
        }
        return s;
    }

    /**
     * @param index absolute index into the row-major data
     * @return the unsigned value 0..255
     */
    public int unsigned(int index) {
        return data[index] & 0xff;
    }

    @Override
    public String toString() {
        return "IdxFile" + Arrays.toString(dims);
    }
}
