package dev.modelyard.artifacts.internal;

import java.util.List;
import java.util.Optional;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Query;

public interface ManifestEntryRepository extends JpaRepository<ManifestEntry, ManifestEntry.Key> {

    @Query("select e from ManifestEntry e where e.key.manifestId = :manifestId order by e.key.path")
    List<ManifestEntry> findByManifest(long manifestId);

    @Query("select e from ManifestEntry e where e.key.manifestId = :manifestId and e.key.path = :path")
    Optional<ManifestEntry> findOne(long manifestId, String path);
}
