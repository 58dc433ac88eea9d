package dev.modelyard.security.internal;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Modifying;
import org.springframework.data.jpa.repository.Query;

public interface AccessTokenRepository extends JpaRepository<AccessToken, Long> {

    /** The token and its user in one query: this runs on every bearer request. */
    @Query("select t from AccessToken t join fetch t.user where t.secretHash = :secretHash")
    Optional<AccessToken> findBySecretHash(String secretHash);

    @Query("select t from AccessToken t where t.user.username = :username and t.jobId is null order by t.id desc")
    List<AccessToken> findPersonal(String username);

    @Query("select count(t) > 0 from AccessToken t where t.user.username = :username and t.jobId is null"
            + " and lower(t.name) = lower(:name) and t.revokedAt is null and t.expiresAt > :now")
    boolean existsActiveNamed(String username, String name, Instant now);

    @Query("select t from AccessToken t join fetch t.user where t.id = :id")
    Optional<AccessToken> findWithUser(long id);

    /** Records a use, at most once per {@code since}: a row written less than that ago is left alone. */
    @Modifying
    @Query("update AccessToken t set t.lastUsedAt = :now where t.id = :id"
            + " and (t.lastUsedAt is null or t.lastUsedAt < :since)")
    int touch(long id, Instant now, Instant since);

    @Modifying
    @Query("update AccessToken t set t.revokedAt = :now where t.jobName = :jobName and t.jobId is not null"
            + " and t.revokedAt is null")
    int revokeJobTokens(String jobName, Instant now);
}
