package dev.modelyard.jobs.envspec;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The text of a requirements.txt, checked line by line before pip ever sees it. Only what names a package of the
 * operator's index passes: {@code name[extras] specifiers ; marker} (PEP 508 without URLs) and {@code --hash} pins.
 * Options ({@code --index-url}, {@code -e}, {@code -r}, {@code -f} …), URLs, paths, {@code ${VARIABLES}} and
 * anything after {@code ;} that is not an environment marker are refused with the line that holds them.
 */
public final class Requirements {

    public static final int MAX_LINES = 500;
    public static final int MAX_CHARS = 100_000;
    private static final int MAX_LINE = 1_000;

    private static final Pattern COMMENT = Pattern.compile("(^|\\s)#.*$");
    private static final Pattern HASH = Pattern.compile("--hash[= ](sha256|sha384|sha512):([0-9a-fA-F]{32,128})");
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?");
    private static final Pattern REQUIREMENT = Pattern.compile(
            "(?<name>[A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?)\\s*"
            + "(?:\\[(?<extras>[^\\]]*)\\])?\\s*"
            + "(?<spec>\\(?\\s*(?:~=|===|==|!=|<=|>=|<|>)[^;]*?\\)?)?\\s*"
            );
    private static final Pattern CLAUSE = Pattern.compile("(~=|===|==|!=|<=|>=|<|>)\\s*([A-Za-z0-9.*+!_-]+)");

    private Requirements() {
    }

    /**
     * Checks every line of {@code text} and returns the requirements in normal form: one per line, names in
     * PEP 503 form, no spaces or comments, duplicates dropped, sorted, so equal needs give equal text.
     *
     * @param source what to call the text in messages ("requirements" or "conda.yaml pip:")
     */
    public static List<String> parse(String text, String field, String source) {
        if (text == null || text.isBlank()) {
            return List.of();
        }
        if (text.length() > MAX_CHARS) {
            throw new SpecException(field, source + " is longer than " + MAX_CHARS + " characters");
        }
        String[] raw = text.replace("\r\n", "\n").split("\n", -1);
        TreeSet<String> out = new TreeSet<>();
        StringBuilder pending = new StringBuilder();
        int startLine = 0;
        for (int i = 0; i < raw.length; i++) {
            String line = raw[i];
            if (pending.isEmpty()) {
                startLine = i + 1;
            }
            if (line.endsWith("\\")) {
                pending.append(line, 0, line.length() - 1).append(' ');
                continue;
            }
            pending.append(line);
            String joined = pending.toString();
            pending.setLength(0);
            String normal = line(joined, source + " line " + startLine, field);
            if (normal != null) {
                out.add(normal);
            }
        }
        if (!pending.isEmpty()) {
            String normal = line(pending.toString(), source + " line " + startLine, field);
            if (normal != null) {
                out.add(normal);
            }
        }
        if (out.size() > MAX_LINES) {
            throw new SpecException(field, source + " has more than " + MAX_LINES + " requirements");
        }
        return List.copyOf(out);
    }

    /** One requirement (a conda pip: entry); null for a blank or comment line. */
    public static String line(String original, String label, String field) {
        String where = label + " (" + quote(original) + ")";
        for (int c = 0; c < original.length(); c++) {
            char ch = original.charAt(c);
            if (ch < 0x20 && ch != '\t' || ch == 0x7f) {
                throw new SpecException(field, where + ": control characters are not allowed");
            }
        }
        if (original.length() > MAX_LINE) {
            throw new SpecException(field, where + ": longer than " + MAX_LINE + " characters");
        }
        String line = COMMENT.matcher(original).replaceAll("").strip();
        if (line.isEmpty()) {
            return null;
        }
        if (line.startsWith("-")) {
            throw new SpecException(field, where + ": options are not allowed in a requirement list. Packages come"
                    + " from the package index this server's pip is configured for; write only requirements such as"
                    + " numpy==2.1.3 or pandas>=2");
        }
        List<String> hashes = new ArrayList<>();
        Matcher hash = HASH.matcher(line);
        while (hash.find()) {
            hashes.add("--hash=" + hash.group(1) + ":" + hash.group(2).toLowerCase(Locale.ROOT));
        }
        line = HASH.matcher(line).replaceAll("").strip();
        String marker = null;
        int semicolon = line.indexOf(';');
        if (semicolon >= 0) {
            marker = Markers.normalise(line.substring(semicolon + 1), where, field);
            line = line.substring(0, semicolon).strip();
        }
        if (line.contains(" -")) {
            throw new SpecException(field, where + ": options are not allowed (only --hash=sha256:… after a"
                    + " requirement)");
        }
        if (line.contains("://") || line.contains("@") || line.startsWith(".") || line.startsWith("/")
                || line.startsWith("~") || line.contains("/") || line.contains("\\")) {
            throw new SpecException(field, where + ": URLs, paths and direct references are not allowed; name a"
                    + " package of the configured index, such as scikit-learn==1.6.1");
        }
        if (line.contains("$")) {
            throw new SpecException(field, where + ": variables (${…}) are not allowed");
        }
        Matcher m = REQUIREMENT.matcher(line);
        if (!m.matches()) {
            throw new SpecException(field, where + ": not a requirement; write name, name==version, name>=version"
                    + " or name[extra]>=version");
        }
        StringBuilder normal = new StringBuilder(canonicalName(m.group("name")));
        if (m.group("extras") != null) {
            TreeSet<String> extras = new TreeSet<>();
            for (String extra : m.group("extras").split(",")) {
                String e = extra.strip();
                if (!NAME.matcher(e).matches()) {
                    throw new SpecException(field, where + ": " + quote(e) + " is not an extra's name");
                }
                extras.add(canonicalName(e));
            }
            normal.append('[').append(String.join(",", extras)).append(']');
        }
        if (m.group("spec") != null) {
            normal.append(specifiers(m.group("spec"), where, field));
        }
        if (marker != null) {
            normal.append("; ").append(marker);
        }
        hashes.stream().sorted().forEach(h -> normal.append(' ').append(h));
        return normal.toString();
    }

    /** PEP 503: lower case, every run of -, _ and . becomes one -. */
    public static String canonicalName(String name) {
        return name.toLowerCase(Locale.ROOT).replaceAll("[-_.]+", "-");
    }

    private static String specifiers(String spec, String where, String field) {
        String s = spec.strip();
        if (s.startsWith("(")) {
            if (!s.endsWith(")")) {
                throw new SpecException(field, where + ": unbalanced parenthesis");
            }
            s = s.substring(1, s.length() - 1).strip();
        }
        List<String> clauses = new ArrayList<>();
        for (String part : s.split(",")) {
            Matcher c = CLAUSE.matcher(part.strip());
            if (!c.matches()) {
                throw new SpecException(field, where + ": " + quote(part.strip()) + " is not a version specifier"
                        + " such as ==1.2, >=1.0 or ~=2.1");
            }
            clauses.add(c.group(1) + c.group(2));
        }
        return String.join(",", clauses);
    }

    static String quote(String text) {
        String shown = text.length() > 120 ? text.substring(0, 120) + "…" : text;
        return "\"" + shown.replaceAll("\\p{Cntrl}", "?") + "\"";
    }

    /** PEP 508 environment markers: a small grammar, so "; rm -rf /" can never pass as one. */
    static final class Markers {

        private static final Set<String> VARIABLES = Set.of("python_version", "python_full_version", "os_name",
                "sys_platform", "platform_release", "platform_system", "platform_version", "platform_machine",
                "platform_python_implementation", "implementation_name", "implementation_version", "extra",
                "os.name", "sys.platform", "platform.version", "platform.machine", "platform.python_implementation");
        private static final Pattern TOKEN = Pattern.compile(
                "\\s*(?:(?<paren>[()])|(?<string>'[^'\"]*'|\"[^'\"]*\")|(?<op>===|~=|==|!=|<=|>=|<|>)"
                + "|(?<word>[A-Za-z_][A-Za-z0-9_.]*))");

        private final List<String> tokens;
        private int at;

        private Markers(List<String> tokens) {
            this.tokens = tokens;
        }

        static String normalise(String marker, String where, String field) {
            SpecException wrong = new SpecException(field, where + ": after ';' comes an environment marker such as"
                    + " python_version < \"3.12\" or sys_platform == \"linux\", nothing else");
            List<String> tokens = new ArrayList<>();
            Matcher m = TOKEN.matcher(marker);
            int pos = 0;
            while (pos < marker.length()) {
                if (marker.substring(pos).isBlank()) {
                    break;
                }
                if (!m.find(pos) || m.start() != pos) {
                    throw wrong;
                }
                tokens.add(m.group().strip());
                pos = m.end();
            }
            Markers parser = new Markers(tokens);
            if (tokens.isEmpty() || !parser.or() || parser.at != tokens.size()) {
                throw wrong;
            }
            return String.join(" ", tokens).replace("( ", "(").replace(" )", ")");
        }

        private boolean or() {
            if (!and()) {
                return false;
            }
            while (peek("or")) {
                at++;
                if (!and()) {
                    return false;
                }
            }
            return true;
        }

        private boolean and() {
            if (!expression()) {
                return false;
            }
            while (peek("and")) {
                at++;
                if (!expression()) {
                    return false;
                }
            }
            return true;
        }

        private boolean expression() {
            if (peek("(")) {
                at++;
                if (!or() || !peek(")")) {
                    return false;
                }
                at++;
                return true;
            }
            if (!value()) {
                return false;
            }
            if (peek("not")) {
                at++;
                if (!peek("in")) {
                    return false;
                }
                at++;
            } else if (peek("in") || at < tokens.size() && tokens.get(at).matches("===|~=|==|!=|<=|>=|<|>")) {
                at++;
            } else {
                return false;
            }
            return value();
        }

        private boolean value() {
            if (at >= tokens.size()) {
                return false;
            }
            String t = tokens.get(at);
            if (t.startsWith("'") || t.startsWith("\"") || VARIABLES.contains(t)) {
                at++;
                return true;
            }
            return false;
        }

        private boolean peek(String token) {
            return at < tokens.size() && tokens.get(at).equals(token);
        }
    }
}
