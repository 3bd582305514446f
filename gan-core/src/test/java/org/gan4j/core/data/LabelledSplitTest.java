package org.gan4j.core.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class LabelledSplitTest {

    private static final ImageDataset TRAIN = ImageDataset.bundledDigits().slice(0, 8000);

    private static int[] classCounts(ImageDataset d) {
        int[] counts = new int[10];
        for (int i = 0; i < d.size(); i++) {
            counts[d.label(i)]++;
        }
        return counts;
    }

    /** One hash per image (pixels and label), sorted: equal lists mean equal multisets of images. */
    private static List<Integer> imageHashes(ImageDataset... parts) {
        List<Integer> hashes = new ArrayList<>();
        for (ImageDataset d : parts) {
            float[] px = d.features(0, d.size(), ImageDataset.Layout.FLAT).data().asFloat();
            int size = d.height() * d.width();
            for (int i = 0; i < d.size(); i++) {
                hashes.add(31 * Arrays.hashCode(Arrays.copyOfRange(px, i * size, (i + 1) * size)) + d.label(i));
            }
        }
        hashes.sort(Integer::compare);
        return hashes;
    }

    @Test
    void picksExactlyPerClassAndKeepsEveryOtherImageUnlabelled() {
        LabelledSplit split = TRAIN.labelledSplit(10, 7);
        assertThat(split.labelled().size()).isEqualTo(100);
        assertThat(split.unlabelled().size()).isEqualTo(7900);
        assertThat(classCounts(split.labelled())).containsOnly(10);
        int[] all = classCounts(TRAIN);
        int[] rest = classCounts(split.unlabelled());
        for (int c = 0; c < 10; c++) {
            assertThat(rest[c]).as("class %d", c).isEqualTo(all[c] - 10);
        }
        assertThat(imageHashes(split.labelled(), split.unlabelled())).isEqualTo(imageHashes(TRAIN));
        assertThat(split.labelled().description()).contains("labelled (10 per class, seed 7)");
    }

    @Test
    void theSeedDecidesThePick() {
        ImageDataset a = TRAIN.labelledSplit(5, 1).labelled();
        ImageDataset b = TRAIN.labelledSplit(5, 1).labelled();
        ImageDataset c = TRAIN.labelledSplit(5, 2).labelled();
        assertThat(a.features(0, 50, ImageDataset.Layout.FLAT)).isEqualTo(b.features(0, 50, ImageDataset.Layout.FLAT));
        assertThat(a.features(0, 50, ImageDataset.Layout.FLAT)).isNotEqualTo(c.features(0, 50, ImageDataset.Layout.FLAT));
    }

    @Test
    void rejectsImpossibleSplits() {
        assertThatThrownBy(() -> TRAIN.labelledSplit(0, 1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("got 0");
        // the first 100 digits hold 9 zeros, 14 ones, 10 twos, 10 threes and 8 fours
        ImageDataset small = TRAIN.slice(0, 100);
        assertThatThrownBy(() -> small.labelledSplit(9, 1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("class 4 has 8 images");
        ImageDataset tiny = TRAIN.slice(0, 2);
        assertThatThrownBy(() -> tiny.labelledSplit(1, 1)).isInstanceOf(IllegalArgumentException.class);
    }
}
