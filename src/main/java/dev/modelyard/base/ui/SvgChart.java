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
        StringBuilder svg = new StringBuilder(4096);
        svg.append("<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"svg-chart\" role=\"img\" viewBox=\"0 0 ")
                .append(WIDTH).append(' ').append(HEIGHT).append("\" width=\"100%\" style=\"max-width:").append(WIDTH)
                .append("px\"><title>").append(escape(title)).append("</title>")
                .append("<text x=\"").append(LEFT).append("\" y=\"16\" font-size=\"13\" font-weight=\"600\" ")
                .append("fill=\"var(--lumo-body-text-color)\">").append(escape(title)).append("</text>");
        double minY = Double.POSITIVE_INFINITY;
        double maxY = Double.NEGATIVE_INFINITY;
        long minX = Long.MAX_VALUE;
        long maxX = Long.MIN_VALUE;
        int finite = 0;
        for (int i = 0; i < ys.length; i++) {
            if (Double.isFinite(ys[i])) {
                minY = Math.min(minY, ys[i]);
                maxY = Math.max(maxY, ys[i]);
                minX = Math.min(minX, xs[i]);
                maxX = Math.max(maxX, xs[i]);
                finite++;
            }
        }
        int plotW = WIDTH - LEFT - RIGHT;
        int plotH = HEIGHT - TOP - BOTTOM;
        svg.append("<rect x=\"").append(LEFT).append("\" y=\"").append(TOP).append("\" width=\"").append(plotW)
                .append("\" height=\"").append(plotH).append("\" fill=\"none\" stroke=\"var(--lumo-contrast-20pct)\"/>");
        if (finite == 0) {
            return svg.append("<text x=\"").append(LEFT + 8).append("\" y=\"").append(TOP + plotH / 2)
                    .append("\" font-size=\"12\" fill=\"var(--lumo-secondary-text-color)\">no finite values</text></svg>")
                    .toString();
        }
        if (maxY == minY) {
            maxY = minY + 1;
        }
        if (maxX == minX) {
            maxX = minX + 1;
        }
        int step = Math.max(1, (finite + MAX_POINTS - 1) / MAX_POINTS);
        StringBuilder points = new StringBuilder();
        int seen = 0;
        for (int i = 0; i < ys.length; i++) {
            if (!Double.isFinite(ys[i])) {
                continue;
            }
            boolean last = ++seen == finite;
            if ((seen - 1) % step != 0 && !last) {
                continue;
            }
            double x = LEFT + (double) (xs[i] - minX) / (maxX - minX) * plotW;
            double y = TOP + plotH - (ys[i] - minY) / (maxY - minY) * plotH;
            points.append(fmt(x)).append(',').append(fmt(y)).append(' ');
        }
        svg.append("<polyline fill=\"none\" stroke=\"var(--lumo-primary-color)\" stroke-width=\"2\" points=\"")
                .append(points.toString().trim()).append("\"/>");
        String axis = "font-size=\"11\" fill=\"var(--lumo-secondary-text-color)\"";
        svg.append("<text x=\"").append(LEFT - 4).append("\" y=\"").append(TOP + 10).append("\" text-anchor=\"end\" ")
                .append(axis).append('>').append(number(maxY)).append("</text>")
                .append("<text x=\"").append(LEFT - 4).append("\" y=\"").append(TOP + plotH).append("\" text-anchor=\"end\" ")
                .append(axis).append('>').append(number(minY)).append("</text>")
                .append("<text x=\"").append(LEFT).append("\" y=\"").append(HEIGHT - 8).append("\" ").append(axis).append('>')
                .append(minX).append("</text>")
                .append("<text x=\"").append(WIDTH - RIGHT).append("\" y=\"").append(HEIGHT - 8).append("\" text-anchor=\"end\" ")
                .append(axis).append('>').append(maxX).append("</text>");
        return svg.append("</svg>").toString();
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
        int height = HEIGHT + legendRows * LEGEND_ROW + 4;
        StringBuilder svg = new StringBuilder(8192);
        svg.append("<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"svg-chart\" role=\"img\" viewBox=\"0 0 ")
                .append(WIDTH).append(' ').append(height).append("\" width=\"100%\" style=\"max-width:").append(WIDTH)
                .append("px\"><title>").append(escape(title)).append("</title>")
                .append("<text x=\"").append(LEFT).append("\" y=\"16\" font-size=\"13\" font-weight=\"600\" ")
                .append("fill=\"var(--lumo-body-text-color)\">").append(escape(title)).append("</text>");
        double minY = Double.POSITIVE_INFINITY;
        double maxY = Double.NEGATIVE_INFINITY;
        long minX = Long.MAX_VALUE;
        long maxX = Long.MIN_VALUE;
        int finite = 0;
        for (Series one : series) {
            for (int i = 0; i < one.ys().length; i++) {
                if (Double.isFinite(one.ys()[i])) {
                    minY = Math.min(minY, one.ys()[i]);
                    maxY = Math.max(maxY, one.ys()[i]);
                    minX = Math.min(minX, one.xs()[i]);
                    maxX = Math.max(maxX, one.xs()[i]);
                    finite++;
                }
            }
        }
        int plotW = WIDTH - LEFT - RIGHT;
        int plotH = HEIGHT - TOP - BOTTOM;
        svg.append("<rect x=\"").append(LEFT).append("\" y=\"").append(TOP).append("\" width=\"").append(plotW)
                .append("\" height=\"").append(plotH).append("\" fill=\"none\" stroke=\"var(--lumo-contrast-20pct)\"/>");
        String axis = "font-size=\"11\" fill=\"var(--lumo-secondary-text-color)\"";
        if (finite == 0) {
            svg.append("<text x=\"").append(LEFT + 8).append("\" y=\"").append(TOP + plotH / 2)
                    .append("\" font-size=\"12\" fill=\"var(--lumo-secondary-text-color)\">")
                    .append(series.isEmpty() ? "no runs selected" : "no finite values").append("</text>");
        } else {
            if (maxY == minY) {
                maxY = minY + 1;
            }
            if (maxX == minX) {
                maxX = minX + 1;
            }
            for (int s = 0; s < series.size(); s++) {
                Series one = series.get(s);
                int count = (int) java.util.Arrays.stream(one.ys()).filter(Double::isFinite).count();
                if (count == 0) {
                    continue;
                }
                int step = Math.max(1, (count + MAX_POINTS - 1) / MAX_POINTS);
                StringBuilder points = new StringBuilder();
                int seen = 0;
                for (int i = 0; i < one.ys().length; i++) {
                    if (!Double.isFinite(one.ys()[i])) {
                        continue;
                    }
                    boolean last = ++seen == count;
                    if ((seen - 1) % step != 0 && !last) {
                        continue;
                    }
                    double x = LEFT + (double) (one.xs()[i] - minX) / (maxX - minX) * plotW;
                    double y = TOP + plotH - (one.ys()[i] - minY) / (maxY - minY) * plotH;
                    points.append(fmt(x)).append(',').append(fmt(y)).append(' ');
                }
                String pts = points.toString().trim();
                svg.append(count == 1 ? "<circle r=\"3\" cx=\"" + pts.split(",")[0] + "\" cy=\"" + pts.split(",")[1]
                        + "\" fill=\"" + colour(s) + "\"/>" : "");
                svg.append("<polyline data-series=\"").append(escape(one.label())).append("\" fill=\"none\" stroke=\"")
                        .append(colour(s)).append("\" stroke-width=\"2\"").append(dash(s)).append(" points=\"")
                        .append(pts).append("\"/>");
            }
            svg.append("<text x=\"").append(LEFT - 4).append("\" y=\"").append(TOP + 10).append("\" text-anchor=\"end\" ")
                    .append(axis).append('>').append(number(maxY)).append("</text>")
                    .append("<text x=\"").append(LEFT - 4).append("\" y=\"").append(TOP + plotH).append("\" text-anchor=\"end\" ")
                    .append(axis).append('>').append(number(minY)).append("</text>")
                    .append("<text x=\"").append(LEFT).append("\" y=\"").append(HEIGHT - 8).append("\" ").append(axis).append('>')
                    .append(minX).append("</text>")
                    .append("<text x=\"").append(WIDTH - RIGHT).append("\" y=\"").append(HEIGHT - 8).append("\" text-anchor=\"end\" ")
                    .append(axis).append('>').append(maxX).append("</text>");
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
