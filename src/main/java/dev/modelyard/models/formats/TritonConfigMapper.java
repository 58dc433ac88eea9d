package dev.modelyard.models.formats;

import dev.modelyard.models.formats.PbtxtScalar.Kind;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Turns a parsed config.pbtxt into a {@link TritonModel}, checking the type of each field it reads.
 * Fields it does not read (instance_group, dynamic_batching, ...) were checked for syntax only.
 */
final class TritonConfigMapper {

    /** Triton's DataType enum names; Triton refuses a config with any other name. */
    static final List<String> DATA_TYPES = List.of("TYPE_INVALID", "TYPE_BOOL", "TYPE_UINT8", "TYPE_UINT16",
            "TYPE_UINT32", "TYPE_UINT64", "TYPE_INT8", "TYPE_INT16", "TYPE_INT32", "TYPE_INT64", "TYPE_FP16",
            "TYPE_FP32", "TYPE_FP64", "TYPE_STRING", "TYPE_BF16");

    private final String label;

    /** {@code label} names the config file in error messages, e.g. "config.pbtxt of model 'simple'". */
    TritonConfigMapper(String label) {
        this.label = label;
    }

    /** The model described by {@code config}; {@code folder} is its folder name, or null for the upload root. */
    TritonModel map(PbtxtMessage config, String folder, String path, List<String> versions) {
        Optional<PbtxtScalar> nameValue = single(config, "name").map(f -> string(f.value(), "name"));
        String name = nameValue.map(v -> (String) v.value()).orElse(folder);
        if (name == null) {
            throw new ModelFormatException(label + " must set name: the model folder itself is the upload, "
                    + "so its folder name is unknown");
        }
        if (folder != null && !name.equals(folder)) {
            throw fail(nameValue.get(), "name '" + name + "' does not match the model folder '" + folder
                    + "'; Triton needs them to be the same");
        }
        String platform = single(config, "platform").map(f -> (String) string(f.value(), "platform").value()).orElse(null);
        String backend = single(config, "backend").map(f -> (String) string(f.value(), "backend").value()).orElse(null);
        int maxBatchSize = single(config, "max_batch_size")
                .map(f -> integer(f.value(), "max_batch_size", BigInteger.ZERO, BigInteger.valueOf(Integer.MAX_VALUE)))
                .orElse(0L).intValue();
        return new TritonModel(name, path, platform, backend, maxBatchSize,
                tensors(config, "input"), tensors(config, "output"), versions);
    }

    private List<TritonTensor> tensors(PbtxtMessage config, String field) {
        List<TritonTensor> tensors = new ArrayList<>();
        for (PbtxtField occurrence : config.all(field)) {
            if (!(occurrence.value() instanceof PbtxtMessage tensor)) {
                throw fail(occurrence.value(), "'" + field + "' must be a message, written " + field + " { ... }");
            }
            String name = single(tensor, "name").map(f -> (String) string(f.value(), "name").value())
                    .orElseThrow(() -> fail(tensor, "an " + field + " needs a name"));
            String dataType = single(tensor, "data_type").map(f -> dataType(f.value())).orElse("TYPE_INVALID");
            List<Long> dims = tensor.all("dims").stream()
                    .map(f -> integer(f.value(), "dims", BigInteger.valueOf(-1), BigInteger.valueOf(Long.MAX_VALUE)))
                    .toList();
            tensors.add(new TritonTensor(name, dataType, dims));
        }
        return tensors;
    }

    private String dataType(PbtxtValue value) {
        if (value instanceof PbtxtScalar scalar && scalar.kind() == Kind.IDENTIFIER
                && DATA_TYPES.contains((String) scalar.value())) {
            return (String) scalar.value();
        }
        String shown = value instanceof PbtxtScalar scalar ? "'" + scalar.show() + "'" : "a message";
        throw fail(value, "unknown data_type " + shown + "; expected one of " + String.join(", ", DATA_TYPES));
    }

    /** The field if given once; protobuf refuses a singular field given twice, and so do we. */
    private Optional<PbtxtField> single(PbtxtMessage message, String field) {
        List<PbtxtField> occurrences = message.all(field);
        if (occurrences.size() > 1) {
            PbtxtField second = occurrences.get(1);
            throw new ModelFormatException(label + ": line " + second.line() + ", column " + second.column()
                    + ": '" + field + "' is given more than once");
        }
        return occurrences.stream().findFirst();
    }

    private PbtxtScalar string(PbtxtValue value, String field) {
        if (value instanceof PbtxtScalar scalar && scalar.kind() == Kind.STRING) {
            return scalar;
        }
        throw fail(value, "'" + field + "' must be a quoted string" + found(value));
    }

    private long integer(PbtxtValue value, String field, BigInteger min, BigInteger max) {
        if (!(value instanceof PbtxtScalar scalar) || scalar.kind() != Kind.INTEGER) {
            throw fail(value, "'" + field + "' must be an integer" + found(value));
        }
        BigInteger number = (BigInteger) scalar.value();
        if (number.compareTo(min) < 0 || number.compareTo(max) > 0) {
            throw fail(value, "'" + field + "' must be between " + min + " and " + max + " but is " + number);
        }
        return number.longValueExact();
    }

    private static String found(PbtxtValue value) {
        return value instanceof PbtxtScalar scalar ? " but is " + scalar.show() : " but is a message";
    }

    private ModelFormatException fail(PbtxtValue at, String problem) {
        return new ModelFormatException(label + ": line " + at.line() + ", column " + at.column() + ": " + problem);
    }
}
