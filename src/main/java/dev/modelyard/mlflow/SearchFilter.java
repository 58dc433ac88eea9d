package dev.modelyard.mlflow;

import dev.modelyard.jobs.TrackingSearch;
import dev.modelyard.models.RegistrySearch;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * MLflow's search filter (mlflow/utils/search_utils.py), one grammar for every search endpoint: comparisons joined
 * by AND, strings in single or double quotes, keys with special characters in backticks
 * ({@code tags.`my-key` = 'x'}), numbers bare. What a key may be, and which operators and values it takes, depends
 * on the {@link Target}. Errors say where: "at position 12: …", counting characters from 1.
 */
final class SearchFilter {

    enum Target { MODELS, VERSIONS, RUNS, EXPERIMENTS }

    enum Cmp {
        EQ("="), NE("!="), LT("<"), LE("<="), GT(">"), GE(">="), LIKE("LIKE"), ILIKE("ILIKE"), IN("IN"), NOT_IN("NOT IN");

        final String symbol;

        Cmp(String symbol) {
            this.symbol = symbol;
        }
    }

    /** What a key names: its kind (attribute, tag, metric, param, dataset), its name, how it is shown in errors. */
    record Key(String kind, String name, String shown, boolean numeric, Set<Cmp> ops) {
    }

    /** One comparison, resolved for its target. */
    record Clause(Key key, Cmp op, List<String> values) {
    }

    private static final Set<Cmp> TEXT = EnumSet.of(Cmp.EQ, Cmp.NE, Cmp.LIKE, Cmp.ILIKE);
    private static final Set<Cmp> NUMBER = EnumSet.of(Cmp.EQ, Cmp.NE, Cmp.LT, Cmp.LE, Cmp.GT, Cmp.GE);
    private static final Set<Cmp> TEXT_OR_LIST = EnumSet.of(Cmp.EQ, Cmp.NE, Cmp.LIKE, Cmp.ILIKE, Cmp.IN, Cmp.NOT_IN);

    /** Each comparison is a subquery and each order a join: enough for any real search, bounded for hostile ones. */
    static final int MAX_TERMS = 50;
    static final int MAX_ORDERS = 10;

    private final String text;
    private final Target target;
    private int pos;

    private SearchFilter(String text, Target target) {
        this.text = text;
        this.target = target;
    }

    // ---- per surface

    /** The registry terms of {@code filter} (none when blank); INVALID_PARAMETER_VALUE naming the position otherwise. */
    static List<RegistrySearch.Term> parse(String filter, Target target) {
        List<RegistrySearch.Term> terms = new ArrayList<>();
        for (Clause c : clauses(filter, target)) {
            RegistrySearch.Field field = c.key().kind().equals("tag") ? RegistrySearch.Field.TAG : switch (c.key().name()) {
                case "name" -> RegistrySearch.Field.NAME;
                case "version_number" -> RegistrySearch.Field.VERSION;
                case "run_id" -> RegistrySearch.Field.RUN_ID;
                default -> RegistrySearch.Field.SOURCE;
            };
            terms.add(new RegistrySearch.Term(field, field == RegistrySearch.Field.TAG ? c.key().name() : null,
                    RegistrySearch.Op.valueOf(c.op().name()), c.values()));
        }
        return terms;
    }

    /** Run or experiment terms of {@code filter}; INVALID_PARAMETER_VALUE naming the position otherwise. */
    static List<TrackingSearch.Term> tracking(String filter, Target target) {
        List<TrackingSearch.Term> terms = new ArrayList<>();
        for (Clause c : clauses(filter, target)) {
            terms.add(new TrackingSearch.Term(TrackingSearch.Kind.valueOf(c.key().kind().toUpperCase(Locale.ROOT)),
                    c.key().name(), TrackingSearch.Op.valueOf(c.op().name()), c.values()));
        }
        return terms;
    }

    private static List<Clause> clauses(String filter, Target target) {
        if (filter == null || filter.isBlank()) {
            return List.of();
        }
        if (filter.length() > 10_000) {
            throw MlflowException.invalid("Invalid filter: longer than 10000 characters");
        }
        return new SearchFilter(filter, target).terms();
    }

    /** The key {@code prefix.name} (prefix null when there is no dot) means for the target; null if unknown. */
    private Key key(String prefix, String name, int at) {
        String p = prefix == null ? null : prefix.toLowerCase(Locale.ROOT);
        return switch (target) {
            case MODELS, VERSIONS -> registryKey(p, name, at);
            case RUNS -> runKey(p, name, at);
            case EXPERIMENTS -> experimentKey(p, name, at);
        };
    }

    private Key registryKey(String prefix, String name, int at) {
        if (prefix != null) {
            if (!prefix.equals("tags") && !prefix.equals("tag")) {
                pos = at;
                throw error("unknown key prefix '" + Wire.shown(prefix) + "'; only tags.<key> has a dot");
            }
            return new Key("tag", name, "tag", false, TEXT);
        }
        boolean versions = target == Target.VERSIONS;
        Key k = switch (name.toLowerCase(Locale.ROOT)) {
            case "name" -> new Key("attribute", "name", "name", false, TEXT);
            case "version_number" -> versions ? new Key("attribute", "version_number", "version", true,
                    EnumSet.of(Cmp.EQ, Cmp.NE, Cmp.LT, Cmp.LE, Cmp.GT, Cmp.GE, Cmp.IN)) : null;
            case "run_id" -> versions ? new Key("attribute", "run_id", "run_id", false, EnumSet.of(Cmp.EQ, Cmp.NE, Cmp.IN)) : null;
            case "source_path" -> versions ? new Key("attribute", "source_path", "source", false, TEXT) : null;
            default -> null;
        };
        if (k == null) {
            pos = at;
            throw error("unknown key '" + Wire.shown(name) + "'; use " + (versions
                    ? "name, version_number, run_id, source_path or tags.<key>" : "name or tags.<key>"));
        }
        return k;
    }

    private Key runKey(String prefix, String name, int at) {
        String kind = prefix == null ? "attribute" : switch (prefix) {
            case "metric", "metrics" -> "metric";
            case "param", "params", "parameter", "parameters" -> "param";
            case "tag", "tags" -> "tag";
            case "attribute", "attributes", "attr", "run" -> "attribute";
            case "dataset", "datasets" -> "dataset";
            default -> {
                pos = at;
                throw error("unknown key prefix '" + Wire.shown(prefix) + "'; use metrics., params., tags., attributes. or datasets.");
            }
        };
        return switch (kind) {
            case "metric" -> new Key(kind, name, "metrics." + name, true, NUMBER);
            case "param" -> new Key(kind, name, "params." + name, false, TEXT);
            case "tag" -> new Key(kind, name, "tags." + name, false, TEXT);
            case "dataset" -> {
                if (!Set.of("name", "digest", "context").contains(name)) {
                    pos = at;
                    throw error("unknown dataset key '" + Wire.shown(name) + "'; use datasets.name, datasets.digest or datasets.context");
                }
                yield new Key(kind, name, "datasets." + name, false, TEXT_OR_LIST);
            }
            default -> {
                String attribute = switch (name) {
                    case "created", "Created" -> "start_time";
                    case "run name", "Run name", "Run Name" -> "run_name";
                    default -> name;
                };
                yield switch (attribute) {
                    case "run_id" -> new Key(kind, attribute, attribute, false, TEXT_OR_LIST);
                    case "run_name", "status", "user_id" -> new Key(kind, attribute, attribute, false, TEXT);
                    case "start_time", "end_time" -> new Key(kind, attribute, attribute, true, NUMBER);
                    default -> {
                        pos = at;
                        throw error("unknown attribute '" + Wire.shown(name) + "'; use run_id, run_name, status, user_id, "
                                + "start_time or end_time, or metrics.<key>, params.<key>, tags.<key>, datasets.<key>");
                    }
                };
            }
        };
    }

    private Key experimentKey(String prefix, String name, int at) {
        if (prefix != null && (prefix.equals("tag") || prefix.equals("tags"))) {
            return new Key("tag", name, "tags." + name, false, TEXT);
        }
        if (prefix != null && !Set.of("attribute", "attributes", "attr").contains(prefix)) {
            pos = at;
            throw error("unknown key prefix '" + Wire.shown(prefix) + "'; use tags. or attributes.");
        }
        return switch (name) {
            case "name" -> new Key("attribute", name, name, false, TEXT);
            case "creation_time", "last_update_time" -> new Key("attribute", name, name, true, NUMBER);
            default -> {
                pos = at;
                throw error("unknown attribute '" + Wire.shown(name) + "'; use name, creation_time, last_update_time or tags.<key>");
            }
        };
    }

    // ---- the grammar

    private List<Clause> terms() {
        List<Clause> terms = new ArrayList<>();
        do {
            skipSpace();
            if (terms.size() == MAX_TERMS) {
                throw error("a filter has at most " + MAX_TERMS + " comparisons");
            }
            terms.add(comparison());
            skipSpace();
        } while (pos < text.length() && keyword("AND"));
        skipSpace();
        if (pos < text.length()) {
            throw error("expected AND or the end of the filter");
        }
        return terms;
    }

    private Clause comparison() {
        skipSpace();
        int keyAt = pos;
        String first = identifier();
        String prefix = null;
        String name = first;
        if (pos < text.length() && text.charAt(pos) == '.') {
            prefix = first;
            int dotAt = pos;
            pos++;
            if (target == Target.MODELS || target == Target.VERSIONS) {
                key(prefix, "", keyAt); // an unknown prefix is named before the key after it is read
            }
            pos = dotAt + 1;
            name = identifier();
        }
        Key key = key(prefix, name, keyAt);
        skipSpace();
        int opAt = pos;
        Cmp op = operator();
        if (!key.ops().contains(op)) {
            pos = opAt;
            throw error("operator " + op.symbol + " does not apply to " + key.shown());
        }
        skipSpace();
        List<String> values;
        if (op == Cmp.IN || op == Cmp.NOT_IN) {
            values = list(key);
        } else {
            values = List.of(value(key));
        }
        if (key.name().equals("version_number") && key.kind().equals("attribute")) {
            for (String v : values) {
                if (!v.matches("-?\\d{1,9}")) {
                    throw new MlflowException(ErrorCode.INVALID_PARAMETER_VALUE, "Invalid filter at position " + (opAt + 1)
                            + ": version_number compares with an integer, not '" + Wire.shown(v) + "'");
                }
            }
        }
        return new Clause(key, op, values);
    }

    /** A bare word, or anything in backticks or (for the part after a dot) in quotes. */
    private String identifier() {
        if (pos < text.length() && (text.charAt(pos) == '`' || text.charAt(pos) == '"' && pos > 0 && text.charAt(pos - 1) == '.')) {
            char quote = text.charAt(pos);
            int end = text.indexOf(quote, pos + 1);
            if (end < 0) {
                throw error(quote == '`' ? "unclosed backtick" : "unclosed quoted key");
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
            throw error(target == Target.RUNS ? "expected a key such as metrics.<key>, params.<key>, tags.<key> or an attribute"
                    : "expected a key such as name or tags.<key>");
        }
        return text.substring(start, pos);
    }

    private Cmp operator() {
        for (String symbol : List.of("!=", "<>", "<=", ">=", "=", "<", ">")) {
            if (text.startsWith(symbol, pos)) {
                pos += symbol.length();
                return switch (symbol) {
                    case "!=", "<>" -> Cmp.NE;
                    case "<=" -> Cmp.LE;
                    case ">=" -> Cmp.GE;
                    case "=" -> Cmp.EQ;
                    case "<" -> Cmp.LT;
                    default -> Cmp.GT;
                };
            }
        }
        if (keyword("ILIKE")) {
            return Cmp.ILIKE;
        }
        if (keyword("LIKE")) {
            return Cmp.LIKE;
        }
        if (keyword("IN")) {
            return Cmp.IN;
        }
        int notAt = pos;
        if (keyword("NOT")) {
            skipSpace();
            if (keyword("IN")) {
                return Cmp.NOT_IN;
            }
            pos = notAt;
        }
        throw error("expected a comparison operator (=, !=, <, <=, >, >=, LIKE, ILIKE, IN, NOT IN)");
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

    private List<String> list(Key key) {
        if (pos >= text.length() || text.charAt(pos) != '(') {
            throw error("IN takes a list in parentheses: IN ('a', 'b')");
        }
        pos++;
        List<String> values = new ArrayList<>();
        do {
            skipSpace();
            values.add(value(key));
            skipSpace();
        } while (pos < text.length() && text.charAt(pos) == ',' && ++pos > 0);
        if (pos >= text.length() || text.charAt(pos) != ')') {
            throw error("expected ',' or ')' in the IN list");
        }
        pos++;
        return values;
    }

    /** A quoted string or a bare number, as the key takes it. */
    private String value(Key key) {
        int at = pos;
        if (pos < text.length() && (text.charAt(pos) == '\'' || text.charAt(pos) == '"')) {
            char quote = text.charAt(pos);
            int end = text.indexOf(quote, pos + 1);
            if (end < 0) {
                throw error("unclosed string");
            }
            String v = text.substring(pos + 1, end);
            if (key.numeric() && !key.name().equals("version_number")) {
                throw error(key.shown() + " compares with a number, not a quoted string");
            }
            pos = end + 1;
            return v;
        }
        int start = pos;
        if (pos < text.length() && (text.charAt(pos) == '-' || text.charAt(pos) == '+')) {
            pos++;
        }
        int digits = pos;
        while (pos < text.length() && (Character.isDigit(text.charAt(pos)) || text.charAt(pos) == '.')) {
            pos++;
        }
        if (pos > digits && pos < text.length() && (text.charAt(pos) == 'e' || text.charAt(pos) == 'E')) {
            pos++;
            if (pos < text.length() && (text.charAt(pos) == '-' || text.charAt(pos) == '+')) {
                pos++;
            }
            while (pos < text.length() && Character.isDigit(text.charAt(pos))) {
                pos++;
            }
        }
        String number = text.substring(start, pos);
        if (pos > digits && key.numeric()) {
            try {
                Double.parseDouble(number);
                return number.startsWith("+") ? number.substring(1) : number;
            } catch (NumberFormatException e) {
                pos = at;
                throw error("'" + Wire.shown(number) + "' is not a number");
            }
        }
        pos = at;
        throw error(key.numeric() ? key.shown() + " compares with a number" : "expected a value in single quotes");
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

    // ---- order_by

    /** Registry {@code order_by} clauses: {@code key [ASC|DESC]} with the keys the target allows. */
    static List<RegistrySearch.Order> orders(List<String> clauses, Target target) {
        List<RegistrySearch.Order> out = new ArrayList<>();
        for (String clause : clauses) {
            String[] parts = clause.trim().split("\\s+");
            if (clause.isBlank() || parts.length > 2) {
                throw MlflowException.invalid("Invalid order_by clause '" + Wire.shown(clause) + "': use <key> [ASC|DESC]");
            }
            String key = parts[0].replace("`", "").toLowerCase(Locale.ROOT);
            boolean asc = parts.length != 2 || ascending(clause, parts[1]);
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

    /**
     * Run or experiment {@code order_by} clauses: {@code key [ASC|DESC]}, where a run's key is
     * {@code metrics.<key>}, {@code params.<key>}, {@code tags.<key>} or an attribute (backticks and quotes allowed
     * around the part after the dot). A field named twice is refused, as in MLflow.
     */
    static List<TrackingSearch.Order> trackingOrders(List<String> clauses, Target target) {
        if (clauses.size() > MAX_ORDERS) {
            throw MlflowException.invalid("Invalid order_by: at most " + MAX_ORDERS + " clauses, got " + clauses.size());
        }
        List<TrackingSearch.Order> out = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (String clause : clauses) {
            String trimmed = clause == null ? "" : clause.trim();
            if (trimmed.isEmpty()) {
                throw MlflowException.invalid("Invalid order_by clause '': use <key> [ASC|DESC]");
            }
            SearchFilter p = new SearchFilter(trimmed, target);
            String first = p.orderIdentifier(clause);
            String prefix = null;
            String name = first;
            if (p.pos < trimmed.length() && trimmed.charAt(p.pos) == '.') {
                prefix = first;
                p.pos++;
                name = p.orderIdentifier(clause);
            }
            boolean asc = true;
            p.skipSpace();
            if (p.pos < trimmed.length()) {
                String rest = trimmed.substring(p.pos);
                if (rest.contains(" ") || rest.contains("\t")) {
                    throw MlflowException.invalid("Invalid order_by clause '" + Wire.shown(clause) + "': use <key> [ASC|DESC]");
                }
                asc = ascending(clause, rest);
            }
            TrackingSearch.Order order = target == Target.RUNS ? runOrder(clause, prefix, name, asc) : experimentOrder(clause, prefix, name, asc);
            if (!seen.add(order.kind() + "\n" + order.key())) {
                throw MlflowException.invalid("`order_by` contains duplicate fields: " + Wire.shown(String.join(", ", clauses)));
            }
            out.add(order);
        }
        return out;
    }

    private String orderIdentifier(String clause) {
        if (pos < text.length() && (text.charAt(pos) == '`' || text.charAt(pos) == '"' || text.charAt(pos) == '\'')) {
            char quote = text.charAt(pos);
            int end = text.indexOf(quote, pos + 1);
            if (end <= pos + 1) {
                throw MlflowException.invalid("Invalid order_by clause '" + Wire.shown(clause) + "': unclosed or empty quoted key");
            }
            String key = text.substring(pos + 1, end);
            pos = end + 1;
            return key;
        }
        int start = pos;
        while (pos < text.length() && (Character.isLetterOrDigit(text.charAt(pos)) || text.charAt(pos) == '_')) {
            pos++;
        }
        if (start == pos) {
            throw MlflowException.invalid("Invalid order_by clause '" + Wire.shown(clause) + "': use <key> [ASC|DESC]");
        }
        return text.substring(start, pos);
    }

    private static boolean ascending(String clause, String direction) {
        String dir = direction.toUpperCase(Locale.ROOT);
        if (!dir.equals("ASC") && !dir.equals("DESC")) {
            throw MlflowException.invalid("Invalid order_by clause '" + Wire.shown(clause) + "': direction must be ASC or DESC");
        }
        return dir.equals("ASC");
    }

    private static TrackingSearch.Order runOrder(String clause, String prefix, String name, boolean asc) {
        String p = prefix == null ? "attribute" : prefix.toLowerCase(Locale.ROOT);
        TrackingSearch.Kind kind = switch (p) {
            case "metric", "metrics" -> TrackingSearch.Kind.METRIC;
            case "param", "params", "parameter", "parameters" -> TrackingSearch.Kind.PARAM;
            case "tag", "tags" -> TrackingSearch.Kind.TAG;
            case "attribute", "attributes", "attr", "run" -> TrackingSearch.Kind.ATTRIBUTE;
            default -> throw MlflowException.invalid("Invalid order_by clause '" + Wire.shown(clause)
                    + "': use metrics.<key>, params.<key>, tags.<key> or an attribute");
        };
        if (kind == TrackingSearch.Kind.ATTRIBUTE) {
            String attribute = switch (name) {
                case "created", "Created" -> "start_time";
                case "run name", "Run name", "Run Name" -> "run_name";
                default -> name;
            };
            if (!Set.of("run_id", "run_name", "status", "user_id", "start_time", "end_time", "experiment_id").contains(attribute)) {
                throw MlflowException.invalid("Invalid order_by key '" + Wire.shown(name) + "'; use run_id, run_name, status, "
                        + "user_id, start_time, end_time, experiment_id, or metrics.<key>, params.<key>, tags.<key>");
            }
            return new TrackingSearch.Order(kind, attribute, asc);
        }
        return new TrackingSearch.Order(kind, name, asc);
    }

    private static TrackingSearch.Order experimentOrder(String clause, String prefix, String name, boolean asc) {
        if ((prefix == null || Set.of("attribute", "attributes", "attr").contains(prefix.toLowerCase(Locale.ROOT)))
                && Set.of("name", "experiment_id", "creation_time", "last_update_time").contains(name)) {
            return new TrackingSearch.Order(TrackingSearch.Kind.ATTRIBUTE, name, asc);
        }
        throw MlflowException.invalid("Invalid order_by key '" + Wire.shown(prefix == null ? name : prefix + "." + name)
                + "'; use name, experiment_id, creation_time or last_update_time");
    }
}
