package dev.modelyard.workspaces.internal;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.data.jpa.repository.Modifying;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.Repository;

/**
 * Memberships, read and written by user name. Users belong to the security feature; their table is joined here by
 * its key, not through its entity, so that workspaces need none of security's internals.
 */
public interface WorkspaceMemberRepository extends Repository<Workspace, Long> {

    /** A member's role name in a workspace, if they are one. */
    @Query(value = "select m.role from workspace_member m join app_user u on u.id = m.user_id "
            + "where m.workspace_id = ?1 and u.username = ?2", nativeQuery = true)
    Optional<String> roleOf(long workspaceId, String username);

    /** Members with their role and since when, by user name. */
    @Query(value = "select u.username, m.role, m.created_at from workspace_member m join app_user u on u.id = m.user_id "
            + "where m.workspace_id = ?1 order by u.username", nativeQuery = true)
    List<Object[]> members(long workspaceId);

    /** The workspaces a user is a member of, with their role, by workspace name. */
    @Query(value = "select m.workspace_id, m.role from workspace_member m join app_user u on u.id = m.user_id "
            + "where u.username = ?1", nativeQuery = true)
    List<Object[]> membershipsOf(String username);

    @Query(value = "select count(*) from workspace_member where workspace_id = ?1 and role = 'ADMIN'", nativeQuery = true)
    long countAdmins(long workspaceId);

    @Query(value = "select username from app_user where role = 'ADMIN' and enabled = true order by username", nativeQuery = true)
    List<String> platformAdmins();

    @Query(value = "select id from app_user where username = ?1", nativeQuery = true)
    Optional<Long> userId(String username);

    @Query(value = "select role from app_user where username = ?1", nativeQuery = true)
    Optional<String> globalRoleOf(String username);

    @Query(value = "select last_workspace_id from app_user where username = ?1", nativeQuery = true)
    Optional<Long> lastWorkspaceOf(String username);

    @Modifying
    @Query(value = "update app_user set last_workspace_id = ?2 where username = ?1", nativeQuery = true)
    int rememberLastWorkspace(String username, long workspaceId);

    @Modifying
    @Query(value = "insert into workspace_member (workspace_id, user_id, role, created_at) values (?1, ?2, ?3, ?4)",
            nativeQuery = true)
    int insert(long workspaceId, long userId, String role, Instant at);

    @Modifying
    @Query(value = "update workspace_member set role = ?3 where workspace_id = ?1 and user_id = ?2", nativeQuery = true)
    int changeRole(long workspaceId, long userId, String role);

    @Modifying
    @Query(value = "delete from workspace_member where workspace_id = ?1 and user_id = ?2", nativeQuery = true)
    int delete(long workspaceId, long userId);
}
