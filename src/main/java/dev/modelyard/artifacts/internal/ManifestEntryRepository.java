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

    /** Sizes of the distinct contents of a manifest that no other manifest references. */
    @Query(value = "select coalesce(sum(b.size_bytes), 0) from blob b where b.sha256 in "
            + "(select e.sha256 from manifest_entry e where e.manifest_id = :manifestId) and not exists "
            + "(select 1 from manifest_entry o where o.sha256 = b.sha256 and o.manifest_id <> :manifestId)",
            nativeQuery = true)
    long uniqueBytes(long manifestId);

    /** Sizes of the distinct contents of a manifest. */
    @Query(value = "select coalesce(sum(b.size_bytes), 0) from blob b where b.sha256 in "
            + "(select e.sha256 from manifest_entry e where e.manifest_id = :manifestId)", nativeQuery = true)
    long distinctBytes(long manifestId);

    /** Some of the file paths that hold this content, to tell an admin what a damaged object affects. */
    @Query("select e.key.path from ManifestEntry e where e.sha256 = :sha256 order by e.key.manifestId, e.key.path")
    List<String> findPathsBySha256(String sha256, org.springframework.data.domain.Limit limit);

    @Query("select count(e) from ManifestEntry e where e.sha256 = :sha256")
    long countBySha256(String sha256);

    @Query(value = "select distinct sha256 from manifest_entry where manifest_id = :manifestId", nativeQuery = true)
    List<String> distinctShasOf(long manifestId);

    @Query(value = "select distinct manifest_id from manifest_entry where sha256 = :sha256", nativeQuery = true)
    List<Long> manifestIdsOf(String sha256);
}
