package dev.modelyard.models.formats;

/** A value in a protobuf text-format tree: a scalar or a nested message, with where it starts. */
sealed interface PbtxtValue permits PbtxtScalar, PbtxtMessage {

    int line();

    int column();
}
