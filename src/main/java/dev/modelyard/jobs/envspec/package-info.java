/**
 * What a built environment is made from: requirement lines checked before pip sees them, the python version and
 * pip section of a conda file, and the normalised form whose hash names the build. Plain Java, no Spring.
 * Why: docs/decisions/023-built-environments.md.
 */
package dev.modelyard.jobs.envspec;
