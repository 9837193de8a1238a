package io.whispeer.bench.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.List;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ResultChartTest {
    private static CellResult row(String system, int publishers, int subscribers, double rate, long p50) {
        return new CellResult(system, "at most once", new Workload(publishers, subscribers, 128), rate, rate * subscribers, 100,
                rate / 2, new LatencySummary(100, p50, p50 * 4, p50 * 8, p50 * 10), 0);
    }

    @Test
    void theChartIsAPngOfTheDocumentedSizeThatImageIoReadsBack(@TempDir Path dir) throws Exception {
        List<CellResult> rows = List.of(row("raw-relay", 1, 1, 5e6, 200_000), row("whispeer-tcp", 1, 1, 3e5, 1_500_000),
                row("whispeer-tcp", 4, 4, 2e5, 3_000_000), row("inproc-disruptor", 1, 3, 8e6, 2_000),
                row("inproc-queue", 1, 3, 4e6, 5_000));
        Path png = dir.resolve("sub/chart.png");
        ResultChart.write(rows, 128, "End to end, 128 B, 2026-11-30", png);
        BufferedImage image = ImageIO.read(png.toFile());
        assertThat(image).isNotNull();
        assertThat(image.getWidth()).isEqualTo(ResultChart.WIDTH);
        assertThat(image.getHeight()).isEqualTo(ResultChart.HEIGHT);
    }

    @Test
    void aPayloadWithoutRowsIsRefusedWithTheSize(@TempDir Path dir) {
        assertThatThrownBy(() -> ResultChart.write(List.of(row("raw-relay", 1, 1, 1e6, 1000)), 16, "t", dir.resolve("c.png")))
                .hasMessageContaining("16 B");
    }

    @Test
    void axisLabelsAreShortRatesAndDurations() {
        assertThat(ResultChart.rate(1_000_000)).isEqualTo("1M");
        assertThat(ResultChart.rate(25_000)).isEqualTo("25k");
        assertThat(ResultChart.duration(1_500_000)).isEqualTo("1.5 ms");
        assertThat(ResultChart.duration(10_000)).isEqualTo("10 µs");
    }
}
