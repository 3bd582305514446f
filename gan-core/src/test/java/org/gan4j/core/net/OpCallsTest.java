package org.gan4j.core.net;

import static org.assertj.core.api.Assertions.assertThat;

import org.bytedeco.javacpp.Pointer;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.scalar.ScalarMultiplication;
import org.nd4j.linalg.factory.Nd4j;

/** The kept op calls: results, and no native memory kept for arrays passed to earlier calls. */
class OpCallsTest {

    @Test
    void keptCallsComputeTheSameAsFreshOps() {
        INDArray a = Nd4j.rand(DataType.DOUBLE, 3, 4);
        INDArray b = Nd4j.rand(DataType.DOUBLE, 4, 5);
        INDArray z = Nd4j.create(DataType.DOUBLE, 3, 5);
        OpCalls.Custom product = OpCalls.matmul(false, false);
        assertThat(product.run(a, b, z).equalsWithEps(a.mmul(b), 1e-12)).isTrue();
        INDArray a2 = Nd4j.rand(DataType.DOUBLE, 3, 4);
        assertThat(product.run(a2, b, z).equalsWithEps(a2.mmul(b), 1e-12)).as("after a new input").isTrue();
        INDArray c = Nd4j.rand(DataType.DOUBLE, 5, 4);
        INDArray zt = Nd4j.create(DataType.DOUBLE, 3, 5);
        assertThat(OpCalls.matmul(false, true).run(a, c, zt).equalsWithEps(a.mmul(c.transpose()), 1e-12)).isTrue();
        OpCalls.Legacy half = new OpCalls.Legacy((x, out) -> new ScalarMultiplication(x, null, out, 0.5));
        INDArray h = Nd4j.create(DataType.DOUBLE, 3, 4);
        assertThat(half.run(a, h).equalsWithEps(a.mul(0.5), 1e-15)).isTrue();
        assertThat(half.run(a2, h).equalsWithEps(a2.mul(0.5), 1e-15)).isTrue();
    }

    @Test
    void newInputArraysDoNotAccumulateNativeMemory() throws InterruptedException {
        // 1,500 distinct 1 MiB inputs: 1.5 GiB would stay resident if the call kept the old ones
        INDArray y = Nd4j.rand(DataType.FLOAT, 512, 512);
        INDArray z = Nd4j.create(DataType.FLOAT, 512, 512);
        OpCalls.Custom multiply = new OpCalls.Custom("multiply");
        multiply.run(y.dup(), y, z);
        System.gc();
        Thread.sleep(200);
        long before = Pointer.physicalBytes();
        for (int i = 0; i < 1500; i++) {
            multiply.run(y.dup(), y, z);
            if (i % 100 == 99) {
                System.gc();
            }
        }
        System.gc();
        Thread.sleep(200);
        long grown = Pointer.physicalBytes() - before;
        assertThat(grown).as("resident growth in bytes").isLessThan(400L << 20);
        assertThat(z.equalsWithEps(y.mul(y), 1e-6)).isTrue();
    }
}
