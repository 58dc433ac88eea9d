package dev.modelyard.api;

import dev.modelyard.audit.AuditFilter;
import dev.modelyard.audit.AuditRecord;
import dev.modelyard.audit.AuditService;
import dev.modelyard.base.InvalidInputException;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The audit history, read only: there is no route that writes, changes or deletes an entry. */
@RestController
@RequestMapping({"/api/v1/audit", "/api/v1/workspaces/{workspace}/audit"})
@Tag(name = "Audit")
class AuditApi {

    private final AuditService audit;

    AuditApi(AuditService audit) {
        this.audit = audit;
    }

    @Operation(summary = "Audit entries newest first (workspace admin); from/to are instants or dates (UTC); "
            + "action matches itself and the actions under it (model.version → model.version.archived, …); "
            + "scope=global lists the entries of no workspace (users, sign-ins; platform admin)")
    @GetMapping
    PageResponse<AuditRecord> list(@RequestParam(required = false) String actor,
                                   @RequestParam(required = false) String action,
                                   @RequestParam(required = false) String from,
                                   @RequestParam(required = false) String to,
                                   @RequestParam(required = false) String scope,
                                   @RequestParam(required = false) Integer page,
                                   @RequestParam(required = false) Integer size) {
        AuditFilter filter = AuditFilter.ALL.withActor(actor).withAction(action)
                .withRange(instant("from", from), instant("to", to));
        var pageable = PageResponse.pageable(page, size, null);
        if (scope == null || scope.equals("workspace")) {
            return PageResponse.of(audit.search(filter, pageable));
        }
        if (scope.equals("global")) {
            return PageResponse.of(audit.searchGlobal(filter, pageable));
        }
        throw new InvalidInputException("scope", "scope is 'workspace' (the default) or 'global'");
    }

    /** An instant ({@code 2026-11-30T10:00:00Z}) or a date, meaning its start in UTC. */
    private static Instant instant(String field, String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            return text.length() == 10 ? LocalDate.parse(text).atStartOfDay(ZoneOffset.UTC).toInstant() : Instant.parse(text);
        } catch (DateTimeParseException e) {
            throw new InvalidInputException(field, "'" + field + "' is an instant such as 2026-11-30T10:00:00Z or a date "
                    + "such as 2026-11-30");
        }
    }
}
