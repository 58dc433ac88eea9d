/**
 * The audit history: an append-only record of who changed what, when, in which workspace, with before → after.
 * Above {@code security} and {@code workspaces} (which publish {@link dev.modelyard.base.AuditEvent}s), below
 * {@code models} and {@code jobs} (which call {@link dev.modelyard.audit.AuditService}).
 */
package dev.modelyard.audit;
