/**
 * The {@code ray} compute kind: jobs run on a Ray cluster through a Python driver Modelyard starts per job
 * (docs/decisions/022-jobs-on-ray.md).
 */
package dev.modelyard.jobs.ray;
