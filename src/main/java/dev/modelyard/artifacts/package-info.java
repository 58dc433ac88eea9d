/**
 * Model artifacts: staging uploaded files and archives on local disk (validated, capped and hashed) before they are
 * stored content-addressed by the storage code.
 */
package dev.modelyard.artifacts;
