package dev.modelyard.models.formats;

import java.util.List;

/** A message: its fields in the order written. */
record PbtxtMessage(List<PbtxtField> fields, int line, int column) implements PbtxtValue {

    PbtxtMessage {
        fields = List.copyOf(fields);
    }

    /** Every occurrence of the field {@code name}, in order. */
    List<PbtxtField> all(String name) {
        return fields.stream().filter(f -> f.name().equals(name)).toList();
    }
}
