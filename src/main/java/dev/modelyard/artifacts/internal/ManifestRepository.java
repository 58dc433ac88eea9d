package dev.modelyard.artifacts.internal;

import java.time.Instant;
import java.util.List;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Modifying;
import org.springframework.data.jpa.repository.Query;

public interface ManifestRepository extends JpaRepository<Manifest, Long> {

    @Query(value = "select id from manifest where created_at < :cutoff order by id", nativeQuery = true)
    List<Long> findIdsCreatedBefore(Instant cutoff);

    /** Deletes the manifest (its entries cascade); a foreign key from a version or job refuses it. */
    @org.springframework.transaction.annotation.Transactional
    @Modifying
    @Query(value = "delete from manifest where id = :id", nativeQuery = true)
    int deleteManifest(long id);
}
