package dev.modelyard.audit;

import com.fasterxml.jackson.annotation.JsonRawValue;
import java.time.Instant;

/**
 * One audit entry as the API and the pages show it (docs/api-v1.md, "Audit entry").
 *
 * @param via           {@code password}, {@code token:<name>} or {@code job:<name>}
 * @param workspace     the workspace's name; null for events of no workspace (users, sign-ins)
 * @param before        JSON text of what was there before, null for a creation (written raw into JSON answers)
 * @param after         JSON text of what is there now
 * @param clientAddress the client's address, for sign-in events
 */
public record AuditRecord(Instant at, String actor, String via, String workspace, String action, String target,
                          @JsonRawValue String before, @JsonRawValue String after, String clientAddress) {
}
