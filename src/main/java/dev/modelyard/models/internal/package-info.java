/**
 * Entities, repositories and the version-writing transaction behind {@link dev.modelyard.models.ModelService};
 * public only for that service, and kept out of every other feature by ArchitectureTest.
 */
package dev.modelyard.models.internal;
