/** Workspaces, their members and per-workspace roles, and the workspace a request works in. */
package dev.modelyard.workspaces;
