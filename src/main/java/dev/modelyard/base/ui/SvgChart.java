package dev.modelyard.base.ui;

import java.util.Locale;

/**
 * A line chart as inline SVG markup, drawn on the server (the frontend bundle can take no chart add-on). Colours
 * are Lumo's CSS custom properties, so the chart follows the light and dark themes; every text is XML-escaped.
 */
public final class SvgChart {

    public static final int WIDTH = 560;
    public static final int HEIGHT = 200;
    private static final int LEFT = 56;
    private static final int RIGHT = 12;
    private static final int TOP = 24;
    private static final int BOTTOM = 28;
    /** More points than pixels add nothing; longer series are thinned evenly, keeping the first and last. */
    private static final int MAX_POINTS = 1000;

    private SvgChart() {
    }

    /** One series of {@code ys} over {@code xs} (same length), titled; NaN and infinite values are left out. */
    public static String line(String title, long[] xs, double[] ys) {
        StringBuilder svg = open(title, HEIGHT, 4096);
        Range range = Range.of(java.util.List.of(new Series(title, xs, ys)));
        if (range == null) {
            return svg.append(message("no finite values")).append("</svg>").toString();
        }
        svg.append("<polyline fill=\"none\" stroke=\"var(--lumo-primary-color)\" stroke-width=\"2\" points=\"")
                .append(points(xs, ys, range)).append("\"/>");
        return axes(svg, range).append("</svg>").toString();
    }

    /** One line of a multi-series chart: its legend label and its points ({@code xs} and {@code ys} of one length). */
    public record Series(String label, long[] xs, double[] ys) {
    }

    /**
     * Lumo colours for the series of one chart, in turn; the dash patterns tell series apart where colours alone
     * would not (more series than colours, colour-blind readers).
     */
    private static final String[] COLOURS = {"var(--lumo-primary-color)", "var(--lumo-success-color)",
            "var(--lumo-error-color)", "var(--lumo-contrast-70pct)", "var(--lumo-warning-color, #c58100)",
            "var(--lumo-primary-color-50pct)"};
    private static final String[] DASHES = {"", "6 3", "2 3"};
    private static final int LEGEND_ROW = 16;

    /**
     * Several series on shared axes, with a legend below the plot: one metric across runs. Series with no finite
     * value are listed in the legend as such. Labels are XML-escaped like every other text.
     */
    public static String lines(String title, java.util.List<Series> series) {
        int legendRows = Math.max(1, series.size());
        StringBuilder svg = open(title, HEIGHT + legendRows * LEGEND_ROW + 4, 8192);
        Range range = Range.of(series);
        if (range == null) {
            svg.append(message(series.isEmpty() ? "no runs selected" : "no finite values"));
        } else {
            for (int s = 0; s < series.size(); s++) {
                Series one = series.get(s);
                if (java.util.Arrays.stream(one.ys()).noneMatch(Double::isFinite)) {
                    continue;
                }
                String pts = points(one.xs(), one.ys(), range);
                if (pts.indexOf(' ') < 0) { // one point: a dot, as a one-point line draws nothing
                    svg.append("<circle r=\"3\" cx=\"").append(pts.split(",")[0]).append("\" cy=\"")
                            .append(pts.split(",")[1]).append("\" fill=\"").append(colour(s)).append("\"/>");
                }
                svg.append("<polyline data-series=\"").append(escape(one.label())).append("\" fill=\"none\" stroke=\"")
                        .append(colour(s)).append("\" stroke-width=\"2\"").append(dash(s)).append(" points=\"")
                        .append(pts).append("\"/>");
            }
            axes(svg, range);
        }
        for (int s = 0; s < series.size(); s++) {
            Series one = series.get(s);
            int y = HEIGHT + s * LEGEND_ROW + 8;
            boolean none = java.util.Arrays.stream(one.ys()).noneMatch(Double::isFinite);
            svg.append("<line x1=\"").append(LEFT).append("\" y1=\"").append(y).append("\" x2=\"").append(LEFT + 20)
                    .append("\" y2=\"").append(y).append("\" stroke=\"").append(colour(s)).append("\" stroke-width=\"2\"")
                    .append(dash(s)).append("/>")
                    .append("<text x=\"").append(LEFT + 26).append("\" y=\"").append(y + 4).append("\" font-size=\"11\" ")
                    .append("fill=\"var(--lumo-body-text-color)\">").append(escape(one.label()))
                    .append(none ? " (not logged)" : "").append("</text>");
        }
        return svg.append("</svg>").toString();
    }

    private static final int PLOT_W = WIDTH - LEFT - RIGHT;
    private static final int PLOT_H = HEIGHT - TOP - BOTTOM;
    private static final String AXIS = "font-size=\"11\" fill=\"var(--lumo-secondary-text-color)\"";

    /** The finite values' extent over every series; a flat extent is widened by one so it can be scaled. */
    private record Range(double minY, double maxY, long minX, long maxX) {

        /** Null when no series has a finite value. */
        static Range of(java.util.List<Series> series) {
            double minY = Double.POSITIVE_INFINITY;
            double maxY = Double.NEGATIVE_INFINITY;
            long minX = Long.MAX_VALUE;
            long maxX = Long.MIN_VALUE;
            boolean any = false;
            for (Series one : series) {
                for (int i = 0; i < one.ys().length; i++) {
                    if (Double.isFinite(one.ys()[i])) {
                        minY = Math.min(minY, one.ys()[i]);
                        maxY = Math.max(maxY, one.ys()[i]);
                        minX = Math.min(minX, one.xs()[i]);
                        maxX = Math.max(maxX, one.xs()[i]);
                        any = true;
                    }
                }
            }
            return any ? new Range(minY, maxY == minY ? minY + 1 : maxY, minX, maxX == minX ? minX + 1 : maxX) : null;
        }
    }

    /** The opening tag, the title (for screen readers and as the heading) and the plot's frame. */
    private static StringBuilder open(String title, int height, int capacity) {
        return new StringBuilder(capacity)
                .append("<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"svg-chart\" role=\"img\" viewBox=\"0 0 ")
                .append(WIDTH).append(' ').append(height).append("\" width=\"100%\" style=\"max-width:").append(WIDTH)
                .append("px\"><title>").append(escape(title)).append("</title>")
                .append("<text x=\"").append(LEFT).append("\" y=\"16\" font-size=\"13\" font-weight=\"600\" ")
                .append("fill=\"var(--lumo-body-text-color)\">").append(escape(title)).append("</text>")
                .append("<rect x=\"").append(LEFT).append("\" y=\"").append(TOP).append("\" width=\"").append(PLOT_W)
                .append("\" height=\"").append(PLOT_H).append("\" fill=\"none\" stroke=\"var(--lumo-contrast-20pct)\"/>");
    }

    /** A note in the empty plot. */
    private static String message(String text) {
        return "<text x=\"" + (LEFT + 8) + "\" y=\"" + (TOP + PLOT_H / 2)
                + "\" font-size=\"12\" fill=\"var(--lumo-secondary-text-color)\">" + text + "</text>";
    }

    /** The finite points of one series in plot coordinates, thinned to {@value #MAX_POINTS}, first and last kept. */
    private static String points(long[] xs, double[] ys, Range r) {
        int count = (int) java.util.Arrays.stream(ys).filter(Double::isFinite).count();
        int step = Math.max(1, (count + MAX_POINTS - 1) / MAX_POINTS);
        StringBuilder points = new StringBuilder();
        int seen = 0;
        for (int i = 0; i < ys.length; i++) {
            if (!Double.isFinite(ys[i])) {
                continue;
            }
            boolean last = ++seen == count;
            if ((seen - 1) % step != 0 && !last) {
                continue;
            }
            double x = LEFT + (double) (xs[i] - r.minX()) / (r.maxX() - r.minX()) * PLOT_W;
            double y = TOP + PLOT_H - (ys[i] - r.minY()) / (r.maxY() - r.minY()) * PLOT_H;
            points.append(fmt(x)).append(',').append(fmt(y)).append(' ');
        }
        return points.toString().trim();
    }

    /** The extent's values at the axes' ends. */
    private static StringBuilder axes(StringBuilder svg, Range r) {
        return svg.append(label(LEFT - 4, TOP + 10, true, number(r.maxY())))
                .append(label(LEFT - 4, TOP + PLOT_H, true, number(r.minY())))
                .append(label(LEFT, HEIGHT - 8, false, Long.toString(r.minX())))
                .append(label(WIDTH - RIGHT, HEIGHT - 8, true, Long.toString(r.maxX())));
    }

    private static String label(int x, int y, boolean anchorEnd, String text) {
        return "<text x=\"" + x + "\" y=\"" + y + "\" " + (anchorEnd ? "text-anchor=\"end\" " : "") + AXIS + ">" + text
                + "</text>";
    }

    private static String colour(int series) {
        return COLOURS[series % COLOURS.length];
    }

    private static String dash(int series) {
        String d = DASHES[(series / COLOURS.length) % DASHES.length];
        return d.isEmpty() ? "" : " stroke-dasharray=\"" + d + "\"";
    }

    static String number(double v) {
        return Math.abs(v) >= 1e5 || (Math.abs(v) < 1e-3 && v != 0) ? String.format(Locale.ROOT, "%.3g", v)
                : String.format(Locale.ROOT, "%.4f", v).replaceAll("0+$", "").replaceAll("\\.$", "");
    }

    private static String fmt(double v) {
        return String.format(Locale.ROOT, "%.1f", v);
    }

    /** XML-escapes text for element content and attribute values. */
    public static String escape(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (char c : text.toCharArray()) {
            switch (c) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(Character.isISOControl(c) ? ' ' : c);
            }
        }
        return out.toString();
    }
}
