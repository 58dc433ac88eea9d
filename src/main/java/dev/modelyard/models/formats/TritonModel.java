package dev.modelyard.models.formats;

import java.util.List;

/**
 * One model of a Triton repository as its config.pbtxt describes it. {@code path} is the model folder
 * relative to the upload root ("" when the upload is the model folder itself); {@code versions} are the
 * numeric version folders in numeric order.
 */
public record TritonModel(String name, String path, String platform, String backend, int maxBatchSize,
        List<TritonTensor> inputs, List<TritonTensor> outputs, List<String> versions) {

    public TritonModel {
        inputs = inputs == null ? List.of() : List.copyOf(inputs);
        outputs = outputs == null ? List.of() : List.copyOf(outputs);
        versions = versions == null ? List.of() : List.copyOf(versions);
    }
}
