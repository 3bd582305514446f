package org.gan4j.core.data;

/**
 * A dataset divided for semi-supervised learning by {@link ImageDataset#labelledSplit}.
 *
 * @param labelled the images whose labels may be used
 * @param unlabelled the other images (their labels are kept for evaluation only)
 */
public record LabelledSplit(ImageDataset labelled, ImageDataset unlabelled) {
}
