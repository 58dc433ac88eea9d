package dev.modelyard.search;

import dev.modelyard.search.QueryNode.And;
import dev.modelyard.search.QueryNode.Not;
import dev.modelyard.search.QueryNode.Or;
import dev.modelyard.search.Token.Kind;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Parses search queries into {@link QueryNode} trees.
 *
 * <p>The language, by example:
 * <ul>
 *   <li>{@code team=fraud}, {@code team!=risk}, {@code owner~ali*}, {@code owner!~ali*}: a tag's value as text;
 *       {@code ~} is a glob where {@code *} is any run and {@code ?} one character.</li>
 *   <li>{@code auc>=0.9}, {@code epochs>10}: a tag's value as a number; {@code >, >=, <, <=} need a number
 *       ({@code 1}, {@code -0.5}, {@code 1e3}; not {@code .5}, {@code +1} or {@code NaN}). {@code auc=0.9} stays a
 *       text comparison.</li>
 *   <li>{@code has:stage} (or {@code stage=*}): the tag exists; {@code stage!=*} means it does not.</li>
 *   <li>{@code name~fraud*}, {@code type=mlflow_model}, {@code createdBy=alice}: built-in fields, which take
 *       {@code =, !=, ~, !~} only; {@code type} must be mlflow_model, custom_model or triton_model.</li>
 *   <li>{@code created>=2026-01-01}, {@code created<2026-11-27T10:00:00Z}: the creation instant. A date is the
 *       start of that day in UTC; {@code =} and {@code !=} take instants only, since a date names a whole day.</li>
 *   <li>{@code fraud}, {@code "fraud model"}: a bare word or quoted string without an operator is free text,
 *       searched for in name and description. Tag existence is never guessed from a bare word: it is
 *       written {@code has:key}, so that {@code fraud} means the same whether or not some model has a tag "fraud".</li>
 *   <li>{@code AND}, {@code OR}, {@code NOT} in any case, and parentheses; terms side by side are ANDed;
 *       NOT binds tighter than AND, AND tighter than OR.</li>
 * </ul>
 *
 * <p>Key, operator and value are written without spaces between them. Values with spaces, parentheses or quotes,
 * or starting with an operator character, are quoted with {@code "} or {@code '}; inside quotes {@code \"},
 * {@code \'} and {@code \\} are the only escapes. The field names {@code name}, {@code type}, {@code createdBy}
 * and {@code created} are reserved exactly as spelled; a tag with such a key is reached as {@code tag:name=x} or
 * {@code "name"=x}. A quoted key is always a tag key and may hold characters unquoted keys may not.
 * A free-text search for a keyword or for text containing operator characters is quoted: {@code "and"}, {@code "a=b"}.
 *
 * <p>Grammar (after the lexer has made each term one token):
 * <pre>
 * query   = [ or ] ;
 * or      = and { "OR" and } ;
 * and     = unary { [ "AND" ] unary } ;
 * unary   = "NOT" unary | primary ;
 * primary = "(" or ")" | term ;
 * term    = "has:" key | [ "tag:" ] key op value | word | quoted ;
 * key     = tagkey | quoted ;   op = "=" | "!=" | "~" | "!~" | ">" | ">=" | "<" | "<=" ;
 * value   = valuechars | quoted ;
 * </pre>
 */
public final class QueryParser {

    public static final int MAX_LENGTH = 2000;
    /** Parentheses and NOTs together; also what keeps the recursive descent far from a stack overflow. */
    public static final int MAX_DEPTH = 32;
    public static final int MAX_TERMS = 64;

    private final QueryLexer lexer;
    private int depth;
    private int terms;

    private QueryParser(String query) {
        this.lexer = new QueryLexer(query);
    }

    /** Parses; blank input gives Optional.empty() (match everything). */
    public static Optional<QueryNode> parse(String query) {
        if (query == null || query.isBlank()) {
            return Optional.empty();
        }
        if (query.length() > MAX_LENGTH) {
            throw new QuerySyntaxException(MAX_LENGTH, "a query has at most " + MAX_LENGTH + " characters");
        }
        return new QueryParser(query).whole();
    }

    private Optional<QueryNode> whole() {
        if (lexer.peek().kind() == Kind.END) {
            return Optional.empty(); // only spaces that String.isBlank does not count, such as no-break spaces
        }
        QueryNode node = or(null);
        Token rest = lexer.peek();
        // or() stops only at ')' or the end, and a ')' here closes nothing.
        if (rest.kind() == Kind.RPAREN) {
            throw new QuerySyntaxException(rest.pos(), "unbalanced ')'");
        }
        return Optional.of(node);
    }

    /** {@code before} is the token the first term follows: null at the start, '(' or a keyword; it shapes the errors. */
    private QueryNode or(Token before) {
        List<QueryNode> alternatives = new ArrayList<>();
        addFlat(alternatives, and(before), Or.class);
        while (lexer.peek().kind() == Kind.OR) {
            Token or = lexer.next();
            addFlat(alternatives, and(or), Or.class);
        }
        return alternatives.size() == 1 ? alternatives.get(0) : new Or(alternatives);
    }

    private QueryNode and(Token before) {
        List<QueryNode> all = new ArrayList<>();
        addFlat(all, unary(before), And.class);
        while (true) {
            Token next = lexer.peek();
            if (next.kind() == Kind.AND) {
                lexer.next();
                addFlat(all, unary(next), And.class);
            } else if (next.startsTerm()) {
                addFlat(all, unary(null), And.class); // side by side means AND
            } else {
                break;
            }
        }
        return all.size() == 1 ? all.get(0) : new And(all);
    }

    private QueryNode unary(Token before) {
        Token next = lexer.peek();
        if (next.kind() != Kind.NOT) {
            return primary(before);
        }
        lexer.next();
        enter(next);
        QueryNode operand = unary(next);
        depth--;
        return new Not(operand);
    }

    private QueryNode primary(Token before) {
        Token token = lexer.next();
        switch (token.kind()) {
            case TERM -> {
                if (++terms > MAX_TERMS) {
                    throw new QuerySyntaxException(token.pos(), "a query has at most " + MAX_TERMS + " terms");
                }
                return token.term();
            }
            case LPAREN -> {
                enter(token);
                if (lexer.peek().kind() == Kind.RPAREN) {
                    throw new QuerySyntaxException(token.pos(), "empty parentheses '()'");
                }
                QueryNode inner = or(token);
                Token close = lexer.next();
                if (close.kind() != Kind.RPAREN) {
                    throw new QuerySyntaxException(close.pos(), "expected ')' to close '(' at column " + (token.pos() + 1));
                }
                depth--;
                return inner;
            }
            default -> throw missingTerm(before, token);
        }
    }

    private QuerySyntaxException missingTerm(Token before, Token found) {
        if (before == null || before.kind() == Kind.LPAREN) {
            if (found.kind() == Kind.RPAREN) {
                return new QuerySyntaxException(found.pos(), "unbalanced ')'");
            }
            if (found.kind() == Kind.END) {
                return new QuerySyntaxException(found.pos(), "expected a term after '(' but the query ended");
            }
            return new QuerySyntaxException(found.pos(), "'" + found.text() + "' needs a term before it");
        }
        String after = "expected a term after '" + before.text() + "'";
        if (found.kind() == Kind.END) {
            return new QuerySyntaxException(found.pos(), after + " but the query ended");
        }
        return new QuerySyntaxException(found.pos(), after + ", found '" + found.text() + "'");
    }

    private void enter(Token token) {
        if (++depth > MAX_DEPTH) {
            throw new QuerySyntaxException(token.pos(), "more than " + MAX_DEPTH + " levels of parentheses and NOT");
        }
    }

    /** (a AND b) AND c means a AND b AND c; one flat list is easier to translate and to print. */
    private static void addFlat(List<QueryNode> list, QueryNode node, Class<? extends QueryNode> kind) {
        if (kind == And.class && node instanceof And and) {
            list.addAll(and.terms());
        } else if (kind == Or.class && node instanceof Or or) {
            list.addAll(or.terms());
        } else {
            list.add(node);
        }
    }
}
