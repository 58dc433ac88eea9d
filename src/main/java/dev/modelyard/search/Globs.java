package dev.modelyard.search;

import java.util.regex.Pattern;

/**
 * User globs ({@code *} any run, {@code ?} one char) turned into SQL: a LIKE pattern, or for globs whose LIKE
 * would backtrack, a regular expression that cannot.
 *
 * <p>A LIKE matcher that meets {@code %} tries every position for the rest of the pattern, recursively: with k
 * inner {@code %} a value of n characters costs up to n^k steps (H2 2.3: {@code %a%a%b} against twenty
 * 500-character tag values took 12 s, and one row is never interrupted by a query timeout). A glob is matched
 * correctly by taking each inner segment at its leftmost place after the previous one and never reconsidering it,
 * which {@link #toRegex} writes as atomic groups {@code (?>.*?segment)}: linear in the value. See
 * docs/decisions/010-durability-and-bounded-work.md.
 */
public final class Globs {

    /** The escape character the patterns use; the SQL must say {@code LIKE ? ESCAPE '\'}. */
    public static final char ESCAPE = '\\';

    private Globs() {
    }

    /** Converts a user glob (* and ?) to a SQL LIKE pattern with '\\' as escape char, escaping %, _ and \ in the input. */
    public static String toLikePattern(String glob) {
        StringBuilder like = new StringBuilder(glob.length() + 8);
        for (int i = 0; i < glob.length(); i++) {
            char c = glob.charAt(i);
            switch (c) {
                case '*' -> like.append('%');
                case '?' -> like.append('_');
                // LIKE's own wildcards and its escape char are ordinary characters in a glob.
                case '%', '_', '\\' -> like.append(ESCAPE).append(c);
                default -> like.append(c);
            }
        }
        return like.toString();
    }

    /**
     * Whether a LIKE matcher may backtrack on this glob: true when a {@code *} stands between two literal parts
     * with another {@code *} elsewhere ({@code *a*b}, {@code a*b*c}). {@code prefix*}, {@code *suffix},
     * {@code *infix*} and {@code a*b} cost at most one pass per start position.
     */
    public static boolean backtracks(String glob) {
        String collapsed = collapse(glob);
        int stars = (int) collapsed.chars().filter(c -> c == '*').count();
        if (stars <= 1) {
            return false;
        }
        return !(stars == 2 && collapsed.startsWith("*") && collapsed.endsWith("*"));
    }

    /**
     * The glob as a Java regular expression (what H2's {@code REGEXP_LIKE} runs) that matches the whole value and
     * never backtracks into a segment it has placed: {@code \A} first segment, {@code (?>.*?segment)} for each inner
     * one, {@code .*} last segment {@code \z}. Use with DOTALL ('n' in H2).
     */
    public static String toRegex(String glob) {
        String[] segments = collapse(glob).split("\\*", -1);
        StringBuilder regex = new StringBuilder("\\A");
        regex.append(segment(segments[0]));
        if (segments.length == 1) {
            return regex.append("\\z").toString();
        }
        for (int i = 1; i < segments.length - 1; i++) {
            if (!segments[i].isEmpty()) {
                regex.append("(?>.*?").append(segment(segments[i])).append(')');
            }
        }
        return regex.append(".*").append(segment(segments[segments.length - 1])).append("\\z").toString();
    }

    /** Runs of '*' mean the same as one. */
    private static String collapse(String glob) {
        return glob.replaceAll("\\*{2,}", "*");
    }

    /** A segment's literal text quoted, each '?' as any one character. */
    private static String segment(String segment) {
        StringBuilder out = new StringBuilder();
        int start = 0;
        for (int i = 0; i < segment.length(); i++) {
            if (segment.charAt(i) == '?') {
                if (i > start) {
                    out.append(Pattern.quote(segment.substring(start, i)));
                }
                out.append('.');
                start = i + 1;
            }
        }
        if (start < segment.length()) {
            out.append(Pattern.quote(segment.substring(start)));
        }
        return out.toString();
    }
}
