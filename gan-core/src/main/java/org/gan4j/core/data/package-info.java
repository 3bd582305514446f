/**
 * Data: an IDX reader (MNIST, Fashion-MNIST; raw or gzip), in-memory image datasets scaled to
 * [-1, 1] with seeded, resumable shuffling and a seeded labelled/unlabelled split
 * ({@link org.gan4j.core.data.LabelledSplit}), and the 10,000 bundled MNIST digits.
 */
package org.gan4j.core.data;
