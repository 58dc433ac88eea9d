/** Online backups of the embedded default (H2 + embedded object store), restore into a fresh data directory. */
package dev.modelyard.backups;
