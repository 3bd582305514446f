package org.gan4j.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.Map;
import org.gan4j.core.data.ImageDataset;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class SampleReportTest {

    @Test
    void noiseScoresFarWorseThanTheRealFloor() {
        ImageDataset digits = ImageDataset.bundledDigits();
        INDArray reference = digits.features(8000, 8400, ImageDataset.Layout.FLAT);
        INDArray floor = digits.features(0, 300, ImageDataset.Layout.FLAT);
        Nd4j.getRandom().setSeed(3);
        INDArray noise = Nd4j.rand(DataType.FLOAT, 300, 784).muli(2).subi(1);
        Map<String, Object> r = SampleReport.measure(Classifier.digits(), reference, floor, noise, 10, 1);
        assertThat(r.get("samples")).isEqualTo(300);
        assertThat(r.get("reference_images")).isEqualTo(400);
        assertThat((double) r.get("fid_real_floor")).isPositive().isLessThan((double) r.get("fid") / 10);
        assertThat((double) r.get("kid_real_floor")).isLessThan((double) r.get("kid") / 10);
        assertThat((double) r.get("kid_std")).isPositive();
        assertThat((double) r.get("precision_real_floor")).isGreaterThan(0.6);
        assertThat((double) r.get("recall_real_floor")).isGreaterThan(0.6);
        assertThat((double) r.get("precision")).isLessThan(0.05);
        assertThat((double) r.get("inception_score_real_floor")).isGreaterThan(7.0)
                .isGreaterThan(2 * (double) r.get("inception_score"));
        assertThat(Arrays.stream((int[]) r.get("predicted_class_histogram")).sum()).isEqualTo(300);
        assertThat(SampleReport.summary(r)).contains("FID").contains("IS");
    }

    @Test
    void mismatchedSetsAreRejected() {
        INDArray a = Nd4j.zeros(DataType.FLOAT, 10, 784);
        INDArray b = Nd4j.zeros(DataType.FLOAT, 9, 784);
        Classifier c = Classifier.digits();
        assertThatThrownBy(() -> SampleReport.measure(c, a, b, a, 10, 1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("9");
        assertThatThrownBy(() -> SampleReport.measure(c, a, a, a, 0, 1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("kidSubsets");
    }
}
