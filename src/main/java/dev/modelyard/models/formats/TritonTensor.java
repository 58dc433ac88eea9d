package dev.modelyard.models.formats;

import java.util.List;

/** One input or output of a Triton model; a dim of -1 means the size varies. */
public record TritonTensor(String name, String dataType, List<Long> dims) {

    public TritonTensor {
        dims = dims == null ? List.of() : List.copyOf(dims);
    }
}
