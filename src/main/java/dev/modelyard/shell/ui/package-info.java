/** The portal's shell: layout and header, workspace routing, and the views for denied, missing and empty. */
package dev.modelyard.shell.ui;
