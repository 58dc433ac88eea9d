/** The workspace entity and the membership table, reached only through WorkspaceService. */
package dev.modelyard.workspaces.internal;
