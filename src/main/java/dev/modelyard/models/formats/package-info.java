/** Checks that an uploaded model folder is what its type says (MLflow, Triton, custom) and keeps what its descriptor files say. */
package dev.modelyard.models.formats;
