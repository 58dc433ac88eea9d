package dev.modelyard.search;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.modelyard.search.QueryNode.And;
import dev.modelyard.search.QueryNode.CreatedCompare;
import dev.modelyard.search.QueryNode.Field;
import dev.modelyard.search.QueryNode.FieldCompare;
import dev.modelyard.search.QueryNode.Not;
import dev.modelyard.search.QueryNode.Op;
import dev.modelyard.search.QueryNode.Or;
import dev.modelyard.search.QueryNode.TagCompare;
import dev.modelyard.search.QueryNode.TagExists;
import dev.modelyard.search.QueryNode.TagNumber;
import dev.modelyard.search.QueryNode.Text;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Property checks over many generated inputs, with fixed seeds so a failure repeats. */
class QueryFuzzTest {

    private static final int CASES = 20_000;

    /** Pieces that make random text look like queries often enough for some of it to parse. */
    private static final String[] FRAGMENTS = {
        "a", "b", "team", "fraud", "x1", "k.v/w:z-_", "AND", "or", "Not", "has:", "tag:", "name", "type", "createdBy",
        "created", "mlflow_model", "2026-01-01", "2026-11-27T10:00:00Z", "+02:00", "0.9", "-1", "1e3", ".5", "*", "?",
        "%", "_", "é", "🚀", "データ", " ", " ", " ", "  ", "\t", "\u00A0", "(", ")", "\"", "'", "\\", "=", "!=", "~",
        "!~", ">", ">=", "<", "<=", "!", "=>", "T", ":", "-", "\u0000", "\n", ";", "DROP"
    };

    @Test
    void random_query_text_either_parses_or_fails_with_a_syntax_error_and_parses_back_alike_when_printed() {
        Random random = new Random(20_260_101L);
        int parsed = 0;
        int refused = 0;
        for (int i = 0; i < CASES; i++) {
            String query = randomQuery(random);
            Optional<QueryNode> node;
            try {
                node = QueryParser.parse(query);
            } catch (QuerySyntaxException e) {
                assertThat(e.position()).as("position for %s", query).isBetween(0, query.length());
                refused++;
                continue;
            } catch (RuntimeException | StackOverflowError e) {
                throw new AssertionError("unexpected " + e + " for " + show(query), e);
            }
            if (node.isPresent()) {
                parsed++;
                assertPrintsBack(node.get(), query);
                assertAddingATagNarrowsTheWholeQuery(node.get(), query, pick(random, KEYS), pick(random, VALUES));
            }
        }
        // Both outcomes must be common, or the generator has drifted and the test checks little.
        assertThat(parsed).as("parsed").isGreaterThan(CASES / 10);
        assertThat(refused).as("refused").isGreaterThan(CASES / 10);
    }

    @Test
    void random_trees_print_to_text_that_parses_back_to_the_same_tree() {
        Random random = new Random(42L);
        for (int i = 0; i < CASES; i++) {
            QueryNode node = randomTree(random, 0, new int[] {0});
            String printed = QueryPrinter.print(node);
            QueryNode reparsed;
            try {
                reparsed = QueryParser.parse(printed).orElseThrow();
            } catch (QuerySyntaxException e) {
                throw new AssertionError("printed " + show(printed) + " for " + node + " but: " + e.getMessage(), e);
            }
            assertThat(reparsed).as("printed as %s", show(printed)).isEqualTo(node);
        }
    }

    private static void assertPrintsBack(QueryNode node, String query) {
        String printed = QueryPrinter.print(node);
        try {
            QueryNode again = QueryParser.parse(printed).orElseThrow();
            assertThat(again).as("%s printed as %s", show(query), show(printed)).isEqualTo(node);
            assertThat(QueryPrinter.print(again)).isEqualTo(printed);
        } catch (QuerySyntaxException e) {
            fail("%s printed as %s, which fails: %s", show(query), show(printed), e.getMessage());
        }
    }

    /** QueryText.and must give (query) AND key=value, whatever the query's shape. */
    private static void assertAddingATagNarrowsTheWholeQuery(QueryNode node, String query, String key, String value) {
        String extended = QueryText.and(query, key, value);
        List<QueryNode> expected = new ArrayList<>(node instanceof And and ? and.terms() : List.of(node));
        expected.add(new TagCompare(key, Op.EQ, value));
        assertThat(QueryParser.parse(extended)).as("%s", show(extended)).contains(new And(expected));
    }

    private static String randomQuery(Random random) {
        StringBuilder query = new StringBuilder();
        int pieces = 1 + random.nextInt(12);
        for (int p = 0; p < pieces; p++) {
            if (random.nextInt(8) == 0) {
                query.append((char) (0x20 + random.nextInt(0x60))); // any printable ASCII
            } else {
                query.append(FRAGMENTS[random.nextInt(FRAGMENTS.length)]);
            }
        }
        return query.toString();
    }

    // --- random trees shaped like the parser's output: flat AND/OR of two or more, leaves the parser can make

    private static final String[] KEYS = {"team", "auc", "name", "type", "created", "createdBy", "has:x", "tag:y",
        "AND", "my key", "k\"q", "x\\y", "é", "*", "k.v/w:z-_", "_"};
    private static final String[] VALUES = {"fraud", "", "*", "a*", "Ali Baba", "=x", "!", "a=b", "(x)", "O'Brien",
        "say \"hi\"", "C:\\m", "AND", "not", "%", "a_b%", "🚀", "データ 科学", "-0.5", "2026-01-01", "\u00A0", "has:x"};

    private static QueryNode randomTree(Random random, int depth, int[] leaves) {
        int choice = depth >= 4 || leaves[0] > 40 ? 3 + random.nextInt(7) : random.nextInt(10);
        return switch (choice) {
            case 0 -> new And(children(random, depth, leaves, And.class));
            case 1 -> new Or(children(random, depth, leaves, Or.class));
            case 2 -> new Not(randomTree(random, depth + 1, leaves));
            default -> leaf(random, choice, leaves);
        };
    }

    private static List<QueryNode> children(Random random, int depth, int[] leaves, Class<?> parent) {
        List<QueryNode> children = new ArrayList<>();
        int count = 2 + random.nextInt(3);
        while (children.size() < count) {
            QueryNode child = randomTree(random, depth + 1, leaves);
            if (!parent.isInstance(child)) {
                children.add(child);
            }
        }
        return children;
    }

    private static QueryNode leaf(Random random, int choice, int[] leaves) {
        leaves[0]++;
        String key = pick(random, KEYS);
        String value = pick(random, VALUES);
        return switch (choice) {
            case 3 -> new Text(value.isEmpty() ? "x" : value);
            case 4 -> new TagExists(key);
            case 5 -> new TagCompare(key, pick(random, Op.EQ, Op.NE, Op.GLOB, Op.NOT_GLOB), value);
            case 6 -> new TagNumber(key, pick(random, Op.GT, Op.GE, Op.LT, Op.LE), randomNumber(random));
            case 7 -> {
                Field field = pick(random, Field.values());
                Op op = pick(random, Op.EQ, Op.NE, Op.GLOB, Op.NOT_GLOB);
                yield new FieldCompare(field, op, field == Field.TYPE && !op.isGlob() ? "custom_model" : value);
            }
            default -> new CreatedCompare(pick(random, Op.EQ, Op.NE, Op.GT, Op.GE, Op.LT, Op.LE), randomInstant(random));
        };
    }

    private static double randomNumber(Random random) {
        return switch (random.nextInt(5)) {
            case 0 -> random.nextInt(2001) - 1000;
            case 1 -> random.nextDouble();
            case 2 -> (random.nextDouble() - 0.5) * Math.pow(10, random.nextInt(600) - 300);
            case 3 -> pick(random, 0.0, -0.0, Double.MIN_VALUE, Double.MAX_VALUE, -Double.MAX_VALUE, 1e15, 1e15 - 1);
            default -> random.nextGaussian();
        };
    }

    private static Instant randomInstant(Random random) {
        long seconds = random.nextLong(0, 4_102_444_800L); // 1970 to 2100
        return switch (random.nextInt(3)) {
            case 0 -> Instant.ofEpochSecond(seconds / 86_400 * 86_400);
            case 1 -> Instant.ofEpochSecond(seconds);
            default -> Instant.ofEpochSecond(seconds, random.nextInt(1_000_000_000));
        };
    }

    @SafeVarargs
    private static <T> T pick(Random random, T... options) {
        return options[random.nextInt(options.length)];
    }

    private static String show(String text) {
        return dev.modelyard.base.SafeText.quote(text, 400);
    }
}
