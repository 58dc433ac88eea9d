package dev.modelyard.api;

import dev.modelyard.artifacts.ScrubReport;
import dev.modelyard.artifacts.StorageScrub;
import dev.modelyard.backups.BackupInfo;
import dev.modelyard.backups.BackupService;
import io.swagger.v3.oas.annotations.Operation;
import java.net.URI;
import java.util.List;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** Platform administration: backups of the embedded default and the storage scrub (ADMIN only). */
@RestController
@RequestMapping("/api/v1/admin")
class BackupApi {

    private final BackupService backups;
    private final StorageScrub scrub;

    BackupApi(BackupService backups, StorageScrub scrub) {
        this.backups = backups;
        this.scrub = scrub;
    }

    @Operation(summary = "Take an online backup now (database and the objects it references); 201 when it is complete")
    @PostMapping("/backups")
    ResponseEntity<BackupInfo> create() {
        BackupInfo created = backups.create();
        return ResponseEntity.created(URI.create("/api/v1/admin/backups/" + created.name())).body(created);
    }

    @Operation(summary = "The finished backups, newest first")
    @GetMapping("/backups")
    List<BackupInfo> list() {
        return backups.list();
    }

    @Operation(summary = "Re-read and re-hash every stored object; reports the missing and corrupt ones")
    @PostMapping("/storage/scrub")
    ScrubReport scrub() {
        return scrub.scrub();
    }
}
