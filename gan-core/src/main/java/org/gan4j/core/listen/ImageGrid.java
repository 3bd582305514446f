package org.gan4j.core.listen;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import javax.imageio.ImageIO;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/** Writes a batch of images in [-1, 1] as one PNG grid. */
public final class ImageGrid {

    private ImageGrid() {
    }

    /**
     * Infers {@code [channels, height, width]} of one example: rank-4 batches give their own;
     * flat ones of size k*k (or 3*k*k) are read as 1 (or 3) square channels.
     *
     * @param sampleShape one example's shape, without the batch dimension
     * @return {@code [c, h, w]}
     * @throws IllegalArgumentException when the shape cannot be read as an image
     */
    public static int[] imageShape(long[] sampleShape) {
        if (sampleShape.length == 3) {
            return new int[] {(int) sampleShape[0], (int) sampleShape[1], (int) sampleShape[2]};
        }
        if (sampleShape.length == 1) {
            long n = sampleShape[0];
            for (int c : new int[] {1, 3}) {
                long side = Math.round(Math.sqrt(n / (double) c));
                if (side * side * c == n) {
                    return new int[] {c, (int) side, (int) side};
                }
            }
        }
        throw new IllegalArgumentException("cannot read examples of shape " + java.util.Arrays.toString(sampleShape)
                + " as images");
    }

    /**
     * Writes the images as a grid, row by row, atomically.
     *
     * @param images {@code [n, ...]} in [-1, 1] (clamped)
     * @param chw one image's {@code [channels (1 or 3), height, width]}
     * @param columns images per row, positive
     * @param file the PNG to write
     * @throws IOException on write failure
     */
    public static void write(INDArray images, int[] chw, int columns, Path file) throws IOException {
        int c = chw[0];
        int h = chw[1];
        int w = chw[2];
        if (c != 1 && c != 3) {
            throw new IllegalArgumentException("images must have 1 or 3 channels, got " + c);
        }
        int n = (int) images.size(0);
        int rows = (n + columns - 1) / columns;
        int pad = 2;
        BufferedImage img = new BufferedImage(columns * (w + pad) + pad, rows * (h + pad) + pad,
                BufferedImage.TYPE_INT_RGB);
        float[] v = images.reshape('c', n, (long) c * h * w).castTo(DataType.FLOAT).dup('c').data().asFloat();
        int per = c * h * w;
        for (int k = 0; k < n; k++) {
            int x0 = pad + (k % columns) * (w + pad);
            int y0 = pad + (k / columns) * (h + pad);
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    int r = level(v[k * per + y * w + x]);
                    int g = c == 3 ? level(v[k * per + h * w + y * w + x]) : r;
                    int b = c == 3 ? level(v[k * per + 2 * h * w + y * w + x]) : r;
                    img.setRGB(x0 + x, y0 + y, (r << 16) | (g << 8) | b);
                }
            }
        }
        Path abs = file.toAbsolutePath();
        Files.createDirectories(abs.getParent());
        Path tmp = Files.createTempFile(abs.getParent(), abs.getFileName().toString(), ".tmp");
        try {
            if (!ImageIO.write(img, "png", tmp.toFile())) {
                throw new IOException("no PNG writer available");
            }
            Files.move(tmp, abs, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    private static int level(float v) {
        float clamped = Math.max(-1f, Math.min(1f, Float.isNaN(v) ? -1f : v));
        return Math.round((clamped + 1f) * 127.5f);
    }
}
