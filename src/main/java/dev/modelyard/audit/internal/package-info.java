/** The audit entry entity, its insert-and-read-only repository, and the filtered query. */
package dev.modelyard.audit.internal;
