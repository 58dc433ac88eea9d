package dev.modelyard.mlflow;

import dev.modelyard.models.RegistrySearch;
import dev.modelyard.models.RegistrySearch.Field;
import dev.modelyard.models.RegistrySearch.Op;
import dev.modelyard.models.RegistrySearch.Term;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * MLflow's registry search filter (mlflow/utils/search_utils.py): comparisons joined by AND, strings in single
 * or double quotes, keys with special characters in backticks ({@code tags.`my-key` = 'x'}). Errors say where:
 * "at position 12: …", counting characters from 1.
 */
final class SearchFilter {

    enum Target { MODELS, VERSIONS }

    private static final Set<Op> TEXT = Set.of(Op.EQ, Op.NE, Op.LIKE, Op.ILIKE);
    private static final Map<String, Op> OPS = Map.of("=", Op.EQ, "!=", Op.NE, "<", Op.LT, "<=", Op.LE, ">", Op.GT,
            ">=", Op.GE, "LIKE", Op.LIKE, "ILIKE", Op.ILIKE, "IN", Op.IN);

    private final String text;
    private final Target target;
    private int pos;

    private SearchFilter(String text, Target target) {
        this.text = text;
        this.target = target;
    }

    /** The terms of {@code filter} (none when blank); INVALID_PARAMETER_VALUE naming the position otherwise. */
    static List<Term> parse(String filter, Target target) {
        if (filter == null || filter.isBlank()) {
            return List.of();
        }
        if (filter.length() > 10_000) {
            throw MlflowException.invalid("Invalid filter: longer than 10000 characters");
        }
        return new SearchFilter(filter, target).terms();
    }

    private List<Term> terms() {
        List<Term> terms = new ArrayList<>();
        do {
            terms.add(comparison());
            skipSpace();
        } while (pos < text.length() && keyword("AND"));
        skipSpace();
        if (pos < text.length()) {
            throw error("expected AND or the end of the filter");
        }
        return terms;
    }

    private Term comparison() {
        skipSpace();
        int keyAt = pos;
        String first = identifier();
        Field field;
        String tagKey = null;
        if (pos < text.length() && text.charAt(pos) == '.') {
            if (!first.equalsIgnoreCase("tags") && !first.equalsIgnoreCase("tag")) {
                pos = keyAt;
                throw error("unknown key prefix '" + Wire.shown(first) + "'; only tags.<key> has a dot");
            }
            pos++;
            tagKey = identifier();
            field = Field.TAG;
        } else {
            field = field(first, keyAt);
        }
        skipSpace();
        int opAt = pos;
        Op op = operator();
        check(field, op, opAt);
        skipSpace();
        List<String> values = op == Op.IN ? list() : List.of(value(field == Field.VERSION));
        if (field == Field.VERSION) {
            for (String v : values) {
                if (!v.matches("-?\\d{1,9}")) {
                    throw new MlflowException(ErrorCode.INVALID_PARAMETER_VALUE, "Invalid filter at position " + (opAt + 1)
                            + ": version_number compares with an integer, not '" + Wire.shown(v) + "'");
                }
            }
        }
        return new Term(field, tagKey, op, values);
    }

    private Field field(String key, int at) {
        String k = key.toLowerCase(Locale.ROOT);
        Field f = switch (k) {
            case "name" -> Field.NAME;
            case "version_number" -> target == Target.VERSIONS ? Field.VERSION : null;
            case "run_id" -> target == Target.VERSIONS ? Field.RUN_ID : null;
            case "source_path" -> target == Target.VERSIONS ? Field.SOURCE : null;
            default -> null;
        };
        if (f == null) {
            pos = at;
            throw error("unknown key '" + Wire.shown(key) + "'; use " + (target == Target.MODELS
                    ? "name or tags.<key>" : "name, version_number, run_id, source_path or tags.<key>"));
        }
        return f;
    }

    private void check(Field field, Op op, int at) {
        boolean ok = switch (field) {
            case NAME, TAG, SOURCE -> TEXT.contains(op);
            case RUN_ID -> op == Op.EQ || op == Op.NE || op == Op.IN;
            case VERSION -> op != Op.LIKE && op != Op.ILIKE;
        };
        if (!ok) {
            pos = at;
            throw error("operator " + op.name() + " does not apply to " + field.name().toLowerCase(Locale.ROOT));
        }
    }

    private String identifier() {
        if (pos < text.length() && text.charAt(pos) == '`') {
            int end = text.indexOf('`', pos + 1);
            if (end < 0) {
                throw error("unclosed backtick");
            }
            String key = text.substring(pos + 1, end);
            if (key.isEmpty()) {
                throw error("empty key in backticks");
            }
            pos = end + 1;
            return key;
        }
        int start = pos;
        while (pos < text.length() && (Character.isLetterOrDigit(text.charAt(pos)) || text.charAt(pos) == '_')) {
            pos++;
        }
        if (start == pos) {
            throw error("expected a key such as name or tags.<key>");
        }
        return text.substring(start, pos);
    }

    private Op operator() {
        for (String symbol : List.of("!=", "<=", ">=", "=", "<", ">")) {
            if (text.startsWith(symbol, pos)) {
                pos += symbol.length();
                return OPS.get(symbol);
            }
        }
        for (String word : List.of("ILIKE", "LIKE", "IN")) {
            if (keyword(word)) {
                return OPS.get(word);
            }
        }
        throw error("expected a comparison operator (=, !=, <, <=, >, >=, LIKE, ILIKE, IN)");
    }

    /** Consumes {@code word} case-insensitively if it stands here as a whole word. */
    private boolean keyword(String word) {
        int end = pos + word.length();
        if (text.regionMatches(true, pos, word, 0, word.length())
                && (end == text.length() || !Character.isLetterOrDigit(text.charAt(end)))) {
            pos = end;
            return true;
        }
        return false;
    }

    private List<String> list() {
        if (pos >= text.length() || text.charAt(pos) != '(') {
            throw error("IN takes a list in parentheses: IN ('a', 'b')");
        }
        pos++;
        List<String> values = new ArrayList<>();
        do {
            skipSpace();
            values.add(value(false));
            skipSpace();
        } while (pos < text.length() && text.charAt(pos) == ',' && ++pos > 0);
        if (pos >= text.length() || text.charAt(pos) != ')') {
            throw error("expected ',' or ')' in the IN list");
        }
        pos++;
        return values;
    }

    private String value(boolean numberAllowed) {
        if (pos < text.length() && (text.charAt(pos) == '\'' || text.charAt(pos) == '"')) {
            char quote = text.charAt(pos);
            int end = text.indexOf(quote, pos + 1);
            if (end < 0) {
                throw error("unclosed string");
            }
            String v = text.substring(pos + 1, end);
            pos = end + 1;
            return v;
        }
        if (numberAllowed) {
            int start = pos;
            if (pos < text.length() && text.charAt(pos) == '-') {
                pos++;
            }
            while (pos < text.length() && Character.isDigit(text.charAt(pos))) {
                pos++;
            }
            if (pos > start) {
                return text.substring(start, pos);
            }
        }
        throw error("expected a value in single quotes");
    }

    private void skipSpace() {
        while (pos < text.length() && Character.isWhitespace(text.charAt(pos))) {
            pos++;
        }
    }

    private MlflowException error(String what) {
        String near = pos >= text.length() ? "the end" : "'" + Wire.shown(text.substring(pos, Math.min(text.length(), pos + 20))) + "'";
        return MlflowException.invalid("Invalid filter at position " + (pos + 1) + " (at " + near + "): " + what);
    }

    /** {@code order_by} clauses: {@code key [ASC|DESC]} with the keys the target allows. */
    static List<RegistrySearch.Order> orders(List<String> clauses, Target target) {
        List<RegistrySearch.Order> out = new ArrayList<>();
        for (String clause : clauses) {
            String[] parts = clause.trim().split("\\s+");
            if (clause.isBlank() || parts.length > 2) {
                throw MlflowException.invalid("Invalid order_by clause '" + Wire.shown(clause) + "': use <key> [ASC|DESC]");
            }
            String key = parts[0].replace("`", "").toLowerCase(Locale.ROOT);
            boolean asc = true;
            if (parts.length == 2) {
                String dir = parts[1].toUpperCase(Locale.ROOT);
                if (!dir.equals("ASC") && !dir.equals("DESC")) {
                    throw MlflowException.invalid("Invalid order_by clause '" + Wire.shown(clause) + "': direction must be ASC or DESC");
                }
                asc = dir.equals("ASC");
            }
            RegistrySearch.SortKey sortKey = switch (key) {
                case "name" -> RegistrySearch.SortKey.NAME;
                case "creation_timestamp", "timestamp" -> RegistrySearch.SortKey.CREATED;
                case "last_updated_timestamp" -> RegistrySearch.SortKey.UPDATED;
                case "version_number" -> target == Target.VERSIONS ? RegistrySearch.SortKey.VERSION : null;
                default -> null;
            };
            if (sortKey == null) {
                throw MlflowException.invalid("Invalid order_by key '" + Wire.shown(parts[0]) + "'; use name, "
                        + (target == Target.VERSIONS ? "version_number, " : "") + "creation_timestamp or last_updated_timestamp");
            }
            out.add(new RegistrySearch.Order(sortKey, asc));
        }
        return out;
    }
}
