package dev.modelyard.artifacts.internal;

import jakarta.persistence.LockModeType;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import org.springframework.data.domain.Limit;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Lock;
import org.springframework.data.jpa.repository.Modifying;
import org.springframework.data.jpa.repository.Query;

public interface BlobRecordRepository extends JpaRepository<BlobRecord, String> {

    @Lock(LockModeType.PESSIMISTIC_WRITE)
    @Query("select b from BlobRecord b where b.sha256 = :sha256")
    Optional<BlobRecord> findForUpdate(String sha256);

    @Modifying
    @Query(value = "insert into blob (sha256, size_bytes, stored, created_at, last_claimed_at, crc32) "
            + "values (:sha256, :size, false, :now, :now, :crc32)", nativeQuery = true)
    void insertUnstored(String sha256, long size, Instant now, Long crc32);

    @Query("select b.objectKey from BlobRecord b where b.sha256 = :sha256")
    Optional<String> findObjectKey(String sha256);

    @Query("select b.objectKey from BlobRecord b where b.objectKey in :keys")
    List<String> findObjectKeysIn(Collection<String> keys);

    @Query("select b from BlobRecord b where b.sha256 in :sha256s")
    List<BlobRecord> findAllIn(Collection<String> sha256s);

    @Query("select b.sha256 from BlobRecord b where b.lastClaimedAt < :cutoff and not exists "
            + "(select 1 from ManifestEntry e where e.sha256 = b.sha256) order by b.lastClaimedAt")
    List<String> findUnreferencedClaimedBefore(Instant cutoff, Limit limit);

    @Query("select count(e) > 0 from ManifestEntry e where e.sha256 = :sha256")
    boolean isReferenced(String sha256);

    /** Stored blobs after {@code afterSha256} in hash order: the scrub's pages (keyset, so none is read twice). */
    @Query("select b from BlobRecord b where b.stored = true and b.sha256 > :afterSha256 order by b.sha256")
    List<BlobRecord> findStoredAfter(String afterSha256, Limit limit);

    /** Records an object found in the bucket without a row, as stored and last claimed when it was written. */
    @org.springframework.transaction.annotation.Transactional
    @Modifying
    @Query(value = "insert into blob (sha256, size_bytes, stored, created_at, last_claimed_at) "
            + "values (:sha256, :size, true, :modified, :modified)", nativeQuery = true)
    void insertAdopted(String sha256, long size, Instant modified);
}
