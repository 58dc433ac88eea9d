package dev.modelyard.models.formats;

/** One occurrence of a field; {@code f: [a, b]} and {@code f: a f: b} both give two occurrences named f. */
record PbtxtField(String name, PbtxtValue value, int line, int column) {
}
