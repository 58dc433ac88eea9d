package dev.modelyard.api;

import dev.modelyard.artifacts.StorageGc;
import dev.modelyard.artifacts.StorageGcReport;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Storage administration for platform admins: the garbage collector. */
@RestController
@RequestMapping("/api/v1/admin/storage")
@Tag(name = "Administration")
class AdminStorageApi {

    private final StorageGc gc;

    AdminStorageApi(StorageGc gc) {
        this.gc = gc;
    }

    @Operation(summary = "Collect objects no version, job or upload references; dryRun=true only reports what would be freed")
    @PostMapping("/gc")
    StorageGcReport collect(@RequestParam(defaultValue = "false") boolean dryRun) {
        return gc.collect(dryRun);
    }

    @Operation(summary = "The last collection's report since the server started (204 when none ran)")
    @GetMapping("/gc")
    ResponseEntity<StorageGcReport> last() {
        return gc.lastReport().map(ResponseEntity::ok).orElseGet(() -> ResponseEntity.noContent().build());
    }
}
