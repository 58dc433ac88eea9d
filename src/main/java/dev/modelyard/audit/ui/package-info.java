/** The audit page for admins, and the audit grid columns that the History tabs of other features reuse. */
package dev.modelyard.audit.ui;
