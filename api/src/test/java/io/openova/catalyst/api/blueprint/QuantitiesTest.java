package io.openova.catalyst.api.blueprint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class QuantitiesTest {

    @Test
    void shouldParseBinaryMemoryQuantities() {
        assertThat(Quantities.parseBytes("512Mi")).isEqualTo(512L * 1024 * 1024);
        assertThat(Quantities.parseBytes("2Gi")).isEqualTo(2L * 1024 * 1024 * 1024);
        assertThat(Quantities.parseBytes("1.5Gi")).isEqualTo(1536L * 1024 * 1024);
        assertThat(Quantities.parseBytes("64Ki")).isEqualTo(64L * 1024);
    }

    @Test
    void shouldRejectMemoryWithoutABinaryUnit() {
        assertThatThrownBy(() -> Quantities.parseBytes("2GB"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("'2GB' is not a memory quantity such as 512Mi or 2Gi");
    }

    @Test
    void shouldParseCpuInCoresAndMillicores() {
        assertThat(Quantities.parseMilliCpu("250m")).isEqualTo(250);
        assertThat(Quantities.parseMilliCpu("2")).isEqualTo(2000);
        assertThat(Quantities.parseMilliCpu("0.25")).isEqualTo(250);
    }

    @Test
    void shouldRejectCpuThatIsNotAQuantity() {
        assertThatThrownBy(() -> Quantities.parseMilliCpu("two"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("'two' is not a CPU quantity such as 500m or 2");
    }

    @Test
    void shouldAddUpAllReplicasOfAResourceEstimate() {
        ResourceEstimate milvus = new ResourceEstimate(
                3, Optional.of("2"), "8Gi", Optional.empty(), ResourceEstimate.Scope.PER_INSTALL, Optional.empty());

        assertThat(milvus.totalMemoryBytes()).isEqualTo(24L * 1024 * 1024 * 1024);
        assertThat(milvus.totalMilliCpu()).isEqualTo(6000);
    }

    @Test
    void shouldRefuseAResourceEstimateWithABadMemoryFigure() {
        assertThatThrownBy(() -> new ResourceEstimate(
                        1,
                        Optional.empty(),
                        "lots",
                        Optional.empty(),
                        ResourceEstimate.Scope.PER_NODE,
                        Optional.empty()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'lots'");
    }

    @Test
    void shouldFindEnumsByTheirIds() {
        assertThat(Category.fromId("data-services")).contains(Category.DATA_SERVICES);
        assertThat(Category.fromId("Data Services")).isEmpty();
        assertThat(Placement.fromId("control-plane")).contains(Placement.CONTROL_PLANE);
        assertThat(Provenance.fromId("openova")).contains(Provenance.OPENOVA);
        assertThat(ResourceEstimate.Scope.fromId("per-node")).contains(ResourceEstimate.Scope.PER_NODE);
    }
}
