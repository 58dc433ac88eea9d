/**
 * Command jobs: a command over an uploaded code folder, in a versioned environment, on a compute target;
 * their status, logs and outputs, and models registered from those outputs. See docs/decisions/006-job-execution.md.
 */
package dev.modelyard.jobs;
