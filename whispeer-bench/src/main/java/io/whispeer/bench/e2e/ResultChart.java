package io.whispeer.bench.e2e;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.AffineTransform;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.ToDoubleFunction;

import javax.imageio.ImageIO;

/**
 * Draws the results of one payload size as a PNG with Java2D (headless): max-rate throughput per subscriber, and
 * p50 / p99 latency of the fixed-rate run, each as bars per system grouped by workload shape on a log scale, with one
 * colour per system and a legend.
 */
final class ResultChart {
    /** Width of the image in pixels. */
    static final int WIDTH = 1600;
    /** Height of the image in pixels. */
    static final int HEIGHT = 1100;
    private static final int LEFT = 110;
    private static final int RIGHT = 260;
    private static final Color[] PALETTE = {
        new Color(0x1f77b4), new Color(0xff7f0e), new Color(0x2ca02c), new Color(0xd62728), new Color(0x9467bd),
        new Color(0x8c564b), new Color(0xe377c2), new Color(0x7f7f7f), new Color(0xbcbd22), new Color(0x17becf),
        new Color(0x393b79), new Color(0xad494a), new Color(0x637939), new Color(0xce6dbd), new Color(0x6b6ecf),
        new Color(0x9c9ede)};

    private ResultChart() {
    }

    /**
     * Writes the chart of the rows with {@code payloadSize} to {@code path} (parent directories created).
     *
     * @param title the title line, e.g. with the date
     * @throws IllegalArgumentException when no row has {@code payloadSize}
     */
    static void write(List<CellResult> results, int payloadSize, String title, Path path) throws IOException {
        System.setProperty("java.awt.headless", "true");
        List<CellResult> rows = results.stream().filter(r -> r.workload().payloadSize() == payloadSize).toList();
        if (rows.isEmpty()) {
            throw new IllegalArgumentException("No result has a " + payloadSize + " B payload to chart; chart one of the run's "
                    + "payload sizes");
        }
        List<String> systems = rows.stream().map(CellResult::system).distinct().toList();
        List<String> shapes = rows.stream().map(r -> r.workload().shape()).distinct().toList();

        BufferedImage image = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, WIDTH, HEIGHT);
            g.setColor(Color.BLACK);
            g.setFont(font(Font.BOLD, 22));
            g.drawString(title, LEFT, 36);
            int panelHeight = (HEIGHT - 60 - 3 * 70) / 2;
            int top1 = 60 + 60;
            panel(g, rows, systems, shapes, top1, panelHeight,
                    "Throughput per subscriber, max-rate run (msg/s, log scale)", ResultChart::rate,
                    r -> r.perSubscriber(), Optional.empty());
            int top2 = top1 + panelHeight + 110;
            panel(g, rows, systems, shapes, top2, panelHeight,
                    "Latency publish -> handler at the fixed-rate run: p50 (dark) / p99 (light), log scale",
                    ResultChart::duration, r -> r.latency().p99(), Optional.of(r -> r.latency().p50()));
            legend(g, systems, top1);
        } finally {
            g.dispose();
        }
        Path parent = path.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        if (!ImageIO.write(image, "png", path.toFile())) {
            throw new IOException("This JDK has no PNG writer for " + path);
        }
    }

    private static Font font(int style, int size) {
        return new Font("DejaVu Sans", style, size);
    }

    /**
     * One panel: per shape a group of bars, one per system that has the shape; {@code back} is drawn full width,
     * {@code front} (when present) narrower and darker in front of it.
     */
    private static void panel(Graphics2D g, List<CellResult> rows, List<String> systems, List<String> shapes, int top,
            int height, String caption, java.util.function.DoubleFunction<String> label, ToDoubleFunction<CellResult> back,
            Optional<ToDoubleFunction<CellResult>> front) {
        int width = WIDTH - LEFT - RIGHT;
        int bottom = top + height;
        g.setColor(Color.BLACK);
        g.setFont(font(Font.PLAIN, 17));
        g.drawString(caption, LEFT, top - 34);

        List<Double> values = new ArrayList<>();
        for (CellResult r : rows) {
            values.add(back.applyAsDouble(r));
            front.ifPresent(f -> values.add(f.applyAsDouble(r)));
        }
        double min = values.stream().filter(v -> v > 0).mapToDouble(Double::doubleValue).min().orElse(1);
        double max = values.stream().mapToDouble(Double::doubleValue).max().orElse(10);
        // At least half a decade below the smallest bar, so that it stays visible.
        double low = Math.pow(10, Math.floor(Math.log10(min) - 0.5));
        // Room above the tallest bar for its label.
        double high = Math.pow(10, Math.ceil(Math.log10(Math.max(max, low * 10)) + 0.3));
        double span = Math.log10(high) - Math.log10(low);
        ToDoubleFunction<Double> y = v -> bottom - (Math.log10(Math.max(v, low)) - Math.log10(low)) / span * height;

        g.setFont(font(Font.PLAIN, 13));
        for (double tick = low; tick <= high * 1.0001; tick *= 10) {
            int ty = (int) Math.round(y.applyAsDouble(tick));
            g.setColor(new Color(0xdddddd));
            g.setStroke(new BasicStroke(1));
            g.drawLine(LEFT, ty, LEFT + width, ty);
            g.setColor(Color.DARK_GRAY);
            String text = label.apply(tick);
            g.drawString(text, LEFT - 10 - g.getFontMetrics().stringWidth(text), ty + 5);
        }
        g.setColor(Color.BLACK);
        g.drawLine(LEFT, top, LEFT, bottom);
        g.drawLine(LEFT, bottom, LEFT + width, bottom);

        double groupWidth = (double) width / shapes.size();
        for (int s = 0; s < shapes.size(); s++) {
            String shape = shapes.get(s);
            List<CellResult> group = systems.stream()
                    .flatMap(name -> rows.stream().filter(r -> r.system().equals(name) && r.workload().shape().equals(shape)).limit(1))
                    .toList();
            double x0 = LEFT + s * groupWidth + groupWidth * 0.06;
            double barWidth = groupWidth * 0.88 / Math.max(1, group.size());
            for (int b = 0; b < group.size(); b++) {
                CellResult r = group.get(b);
                Color color = PALETTE[systems.indexOf(r.system()) % PALETTE.length];
                int x = (int) Math.round(x0 + b * barWidth);
                int w = Math.max(2, (int) Math.round(barWidth * 0.9));
                double backValue = back.applyAsDouble(r);
                int by = (int) Math.round(y.applyAsDouble(backValue));
                g.setColor(front.isPresent() ? lighter(color) : color);
                g.fillRect(x, by, w, bottom - by);
                front.ifPresent(f -> {
                    int fy = (int) Math.round(y.applyAsDouble(f.applyAsDouble(r)));
                    g.setColor(color);
                    g.fillRect(x + w / 4, fy, Math.max(1, w / 2), bottom - fy);
                });
                String text = front.map(f -> label.apply(f.applyAsDouble(r)) + " / ").orElse("") + label.apply(backValue);
                vertical(g, text, x + w / 2 + 4, by - 4);
            }
            g.setColor(Color.BLACK);
            g.setFont(font(Font.BOLD, 15));
            String text = shape + " (" + rows.get(0).workload().size() + ")";
            g.drawString(text, (int) (LEFT + s * groupWidth + groupWidth / 2 - g.getFontMetrics().stringWidth(text) / 2.0), bottom + 22);
            g.setFont(font(Font.PLAIN, 13));
        }
    }

    private static void vertical(Graphics2D g, String text, int x, int y) {
        AffineTransform saved = g.getTransform();
        g.setFont(font(Font.PLAIN, 11));
        g.setColor(Color.DARK_GRAY);
        g.translate(x, y);
        g.rotate(-Math.PI / 2);
        g.drawString(text, 0, 0);
        g.setTransform(saved);
    }

    private static void legend(Graphics2D g, List<String> systems, int top) {
        int x = WIDTH - RIGHT + 30;
        g.setFont(font(Font.PLAIN, 15));
        for (int i = 0; i < systems.size(); i++) {
            int y = top + i * 26;
            g.setColor(PALETTE[i % PALETTE.length]);
            g.fillRect(x, y - 13, 18, 18);
            g.setColor(Color.BLACK);
            g.drawString(systems.get(i), x + 26, y + 2);
        }
    }

    private static Color lighter(Color color) {
        return new Color((color.getRed() + 2 * 255) / 3, (color.getGreen() + 2 * 255) / 3, (color.getBlue() + 2 * 255) / 3);
    }

    /** {@return a rate such as {@code 12k} or {@code 3.4M} (messages per second)} */
    static String rate(double perSecond) {
        if (perSecond >= 1e6) {
            return trim(perSecond / 1e6) + "M";
        }
        return perSecond >= 1e3 ? trim(perSecond / 1e3) + "k" : trim(perSecond);
    }

    /** {@return a duration in nanoseconds such as {@code 850 µs} or {@code 1.2 ms}} */
    static String duration(double nanos) {
        if (nanos >= 1e6) {
            return trim(nanos / 1e6) + " ms";
        }
        return nanos >= 1e3 ? trim(nanos / 1e3) + " µs" : trim(nanos) + " ns";
    }

    private static String trim(double value) {
        return value >= 10 ? String.format(Locale.ROOT, "%.0f", value) : String.format(Locale.ROOT, "%.1f", value).replace(".0", "");
    }
}
