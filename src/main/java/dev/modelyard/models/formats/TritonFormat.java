package dev.modelyard.models.formats;

import java.util.List;

/** The models of a Triton model repository, in folder order. */
public record TritonFormat(List<TritonModel> models) implements FormatInfo {

    public TritonFormat {
        models = models == null ? List.of() : List.copyOf(models);
    }
}
