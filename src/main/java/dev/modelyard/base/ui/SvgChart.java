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
