package dev.modelyard.models.formats;

import java.io.StringReader;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.Tag;
import org.yaml.snakeyaml.representer.Representer;
import org.yaml.snakeyaml.resolver.Resolver;

/** Loads an untrusted YAML document into plain Java values with tight limits, keeping the node tree too. */
final class SafeYaml {

    /** A loaded document: {@code root} keeps each scalar's source text, {@code value} the typed values. */
    record Document(Node root, Object value) {
    }

    /** Enough for anchors a person writes by hand; far too few for a "billion laughs" expansion. */
    static final int MAX_ALIASES = 20;
    static final int MAX_NESTING = 50;

    private SafeYaml() {
    }

    /** Parses one YAML document; {@code label} names the file in error messages. */
    static Document load(String text, String label) {
        LoaderOptions options = new LoaderOptions();
        options.setMaxAliasesForCollections(MAX_ALIASES);
        options.setAllowDuplicateKeys(false);
        options.setAllowRecursiveKeys(false);
        options.setNestingDepthLimit(MAX_NESTING);
        // The byte cap already bounds the text; this is the second lock on the same door.
        options.setCodePointLimit(2 * UploadText.MAX_BYTES);
        ExposedConstructor constructor = new ExposedConstructor(options);
        DumperOptions dumperOptions = new DumperOptions();
        Yaml yaml = new Yaml(constructor, new Representer(dumperOptions), dumperOptions, options,
                new NoTimestampResolver());
        try {
            Node root = yaml.compose(new StringReader(text));
            if (root == null) {
                throw new ModelFormatException(label + " is empty");
            }
            return new Document(root, constructor.construct(root));
        } catch (MarkedYAMLException e) {
            throw new ModelFormatException(label + " is not valid YAML: " + where(e.getProblemMark())
                    + e.getProblem());
        } catch (YAMLException e) {
            // Unmarked errors are the limits (aliases, nesting, size); their text names the limit.
            throw new ModelFormatException(label + " is refused: " + e.getMessage());
        }
    }

    private static String where(Mark mark) {
        return mark == null ? "" : "line " + (mark.getLine() + 1) + ", column " + (mark.getColumn() + 1) + ": ";
    }

    /** SafeConstructor builds only plain types; this exposes building from an already composed tree. */
    private static final class ExposedConstructor extends SafeConstructor {
        ExposedConstructor(LoaderOptions options) {
            super(options);
        }

        Object construct(Node node) {
            return constructDocument(node);
        }
    }

    /**
     * YAML 1.1 turns unquoted timestamps into java.util.Date, dropping microseconds and the writer's
     * form; leaving them as strings keeps what the file said.
     */
    private static final class NoTimestampResolver extends Resolver {
        @Override
        public void addImplicitResolver(Tag tag, Pattern regexp, String first, int limit) {
            if (!Tag.TIMESTAMP.equals(tag)) {
                super.addImplicitResolver(tag, regexp, first, limit);
            }
        }
    }
}
