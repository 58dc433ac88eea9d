/**
 * Entities, repositories and short transactions behind {@link dev.modelyard.artifacts.ArtifactService};
 * public only for that service, and kept out of every other feature by ArchitectureTest.
 */
package dev.modelyard.artifacts.internal;
