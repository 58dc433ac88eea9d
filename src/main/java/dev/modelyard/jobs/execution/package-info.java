/**
 * Runs one command job's process on this host: our own tokenizer instead of a shell, a complete environment,
 * output appended to a log file by the kernel, and cancel/timeout that reach the process's descendants.
 * Plain Java, no Spring. Why it works this way: docs/decisions/006-job-execution.md.
 */
package dev.modelyard.jobs.execution;
