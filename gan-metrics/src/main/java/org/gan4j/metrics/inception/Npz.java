package org.gan4j.metrics.inception;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Reads NumPy {@code .npz} archives (as written by {@code numpy.savez} or
 * {@code numpy.savez_compressed}) whose entries are little-endian float32 arrays in C order
 * ({@code descr '<f4'}, {@code fortran_order False}), .npy format versions 1 to 3.
 */
final class Npz {

    private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
    private static final Pattern DESCR = Pattern.compile("'descr'\\s*:\\s*'([^']*)'");
    private static final Pattern FORTRAN = Pattern.compile("'fortran_order'\\s*:\\s*(True|False)");
    private static final Pattern SHAPE = Pattern.compile("'shape'\\s*:\\s*\\(([^)]*)\\)");

    private Npz() {
    }

    /**
     * @param file a .npz archive
     * @return its arrays (float32, C order) by entry name without the ".npy" suffix, in archive order
     * @throws IOException when the file cannot be read, is not a zip archive, or holds an entry that
     *     is not a little-endian float32 C-order .npy array (the message names the entry)
     */
    static Map<String, INDArray> read(Path file) throws IOException {
        Map<String, INDArray> arrays = new LinkedHashMap<>();
        try (ZipFile zip = new ZipFile(file.toFile())) {
            Enumeration<? extends ZipEntry> entries = zip.entries();
            while (entries.hasMoreElements()) {
                ZipEntry e = entries.nextElement();
                if (e.isDirectory()) {
                    continue;
                }
                if (!e.getName().endsWith(".npy")) {
                    throw new IOException(file + ": entry " + e.getName() + " is not a .npy array");
                }
                String key = e.getName().substring(0, e.getName().length() - 4);
                try (InputStream in = zip.getInputStream(e)) {
                    arrays.put(key, readNpy(new DataInputStream(in), file + ": " + key));
                }
            }
        }
        return arrays;
    }

    private static INDArray readNpy(DataInputStream in, String what) throws IOException {
        byte[] magic = in.readNBytes(MAGIC.length);
        if (!Arrays.equals(magic, MAGIC)) {
            throw new IOException(what + ": not a .npy array");
        }
        int major = in.readUnsignedByte();
        in.readUnsignedByte();
        long headerLength = major == 1 ? Short.toUnsignedInt(Short.reverseBytes(in.readShort()))
                : Integer.toUnsignedLong(Integer.reverseBytes(in.readInt()));
        if (major < 1 || major > 3 || headerLength > 1 << 20) {
            throw new IOException(what + ": unsupported .npy version " + major + " or header length " + headerLength);
        }
        String header = new String(in.readNBytes((int) headerLength),
                major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
        String descr = field(DESCR, header, what);
        String fortran = field(FORTRAN, header, what);
        if (!descr.equals("<f4") || !fortran.equals("False")) {
            throw new IOException(what + ": expected little-endian float32 in C order, got descr " + descr
                    + ", fortran_order " + fortran);
        }
        long[] shape = Arrays.stream(field(SHAPE, header, what).split(","))
                .map(String::trim).filter(s -> !s.isEmpty()).mapToLong(Long::parseLong).toArray();
        long count = Arrays.stream(shape).reduce(1, Math::multiplyExact);
        if (count > Integer.MAX_VALUE / Float.BYTES) {
            throw new IOException(what + ": array of " + count + " elements is too large");
        }
        byte[] raw = in.readNBytes((int) count * Float.BYTES);
        if (raw.length != count * Float.BYTES) {
            throw new IOException(what + ": truncated, " + raw.length + " of " + count * Float.BYTES + " bytes");
        }
        float[] data = new float[(int) count];
        ByteBuffer.wrap(raw).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(data);
        return shape.length == 0 ? Nd4j.scalar(data[0]) : Nd4j.create(data, shape, 'c');
    }

    private static String field(Pattern p, String header, String what) throws IOException {
        Matcher m = p.matcher(header);
        if (!m.find()) {
            throw new IOException(what + ": .npy header lacks " + p.pattern() + ": " + header.trim());
        }
        return m.group(1);
    }
}
