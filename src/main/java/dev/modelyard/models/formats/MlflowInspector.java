package dev.modelyard.models.formats;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.Tag;

/** Checks an MLflow model upload and reads its MLmodel file. */
final class MlflowInspector {

    static final String MLMODEL = "MLmodel";

    private MlflowInspector() {
    }

    /** The parsed MLmodel of an upload that has one at its root. */
    static MlflowFormat inspect(ModelFileSource files) {
        if (!files.paths().contains(MLMODEL)) {
            throw missingMlmodel(files);
        }
        SafeYaml.Document document = SafeYaml.load(UploadText.read(files, MLMODEL, MLMODEL), MLMODEL);
        if (!(document.value() instanceof Map<?, ?> top) || !(document.root() instanceof MappingNode root)) {
            throw new ModelFormatException(MLMODEL + " must be a YAML map of settings such as flavors and signature, "
                    + "but it is " + describe(document.value()));
        }
        PlainValues plain = new PlainValues(MLMODEL);
        Map<String, Object> flavors = flavors(top.get("flavors"), plain);
        return new MlflowFormat(
                flavors,
                new SignatureReader(MLMODEL, plain).read(top.get("signature")),
                text(root, "run_id"),
                text(root, "mlflow_version"),
                child(root, "flavors").flatMap(f -> child(f, "python_function"))
                        .map(pyfunc -> text(pyfunc, "python_version")).orElse(null),
                text(root, "model_uuid"),
                text(root, "utc_time_created"),
                text(root, "artifact_path"),
                optionalMap(top.get("saved_input_example_info"), "saved_input_example_info", plain),
                optionalMap(top.get("metadata"), "metadata", plain));
    }

    private static ModelFormatException missingMlmodel(ModelFileSource files) {
        String message = "MLflow model needs an MLmodel file at the root of the upload";
        Optional<String> nested = files.paths().stream()
                .filter(p -> p.endsWith("/" + MLMODEL))
                .min(Comparator.comparingLong((String p) -> p.chars().filter(c -> c == '/').count())
                        .thenComparing(Comparator.naturalOrder()));
        return new ModelFormatException(nested
                .map(p -> message + "; found " + p + " — upload the folder's contents or pick that folder")
                .orElse(message));
    }

    private static Map<String, Object> flavors(Object value, PlainValues plain) {
        if (value == null) {
            throw new ModelFormatException(MLMODEL + ": 'flavors' is missing; it names the ways the model can be loaded");
        }
        String notMap = MLMODEL + ": 'flavors' must be a map of flavor name to its settings";
        if (!(value instanceof Map<?, ?> map)) {
            throw new ModelFormatException(notMap);
        }
        if (map.isEmpty()) {
            throw new ModelFormatException(MLMODEL + ": 'flavors' is empty; it names the ways the model can be loaded");
        }
        for (Map.Entry<?, ?> flavor : map.entrySet()) {
            if (!(flavor.getValue() instanceof Map<?, ?>)) {
                throw new ModelFormatException(notMap + ", and '" + flavor.getKey() + "' is not");
            }
        }
        return plain.map(map, "flavors");
    }

    private static Map<String, Object> optionalMap(Object value, String key, PlainValues plain) {
        if (value == null) {
            return null;
        }
        if (!(value instanceof Map<?, ?> map)) {
            throw new ModelFormatException(MLMODEL + ": '" + key + "' must be a map");
        }
        return plain.map(map, key);
    }

    /** The source text of a scalar setting, so YAML's typing cannot turn "3.10" into 3.1. */
    private static String text(Node map, String key) {
        return child(map, key).map(node -> {
            if (!(node instanceof ScalarNode scalar)) {
                throw new ModelFormatException(MLMODEL + ": '" + key + "' must be a single value");
            }
            return Tag.NULL.equals(scalar.getTag()) ? null : scalar.getValue();
        }).orElse(null);
    }

    private static Optional<Node> child(Node map, String key) {
        if (!(map instanceof MappingNode mapping)) {
            return Optional.empty();
        }
        for (NodeTuple tuple : mapping.getValue()) {
            if (tuple.getKeyNode() instanceof ScalarNode k && key.equals(k.getValue())) {
                return Optional.of(tuple.getValueNode());
            }
        }
        return Optional.empty();
    }

    private static String describe(Object value) {
        if (value instanceof List<?>) {
            return "a list";
        }
        return value instanceof String ? "a single text value" : "a single value";
    }
}
