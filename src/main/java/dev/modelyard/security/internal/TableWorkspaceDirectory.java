package dev.modelyard.security.internal;

import dev.modelyard.security.AppRole;
import dev.modelyard.security.WorkspaceDirectory;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Answers from the workspace and workspace_member tables (V007) until the workspaces feature provides its own
 * {@link WorkspaceDirectory}; then this class goes.
 */
@Component
class TableWorkspaceDirectory implements WorkspaceDirectory {

    private static final String MAY_WORK_IN = "(u.role = '" + AppRole.ADMIN.name() + "' or exists (select 1 from"
            + " workspace_member m where m.workspace_id = w.id and m.user_id = u.id))";

    private final JdbcTemplate jdbc;

    TableWorkspaceDirectory(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public Optional<Entry> findForMember(String name, String username) {
        if (name == null || username == null) {
            return Optional.empty();
        }
        List<Entry> found = jdbc.query("select w.id, w.name from workspace w join app_user u on u.username = ?"
                + " where w.name_key = ? and " + MAY_WORK_IN, (rs, row) -> new Entry(rs.getLong(1), rs.getString(2)),
                username, name.toLowerCase(Locale.ROOT));
        return found.stream().findFirst();
    }

    @Override
    public List<String> namesFor(String username) {
        return jdbc.queryForList("select w.name from workspace w join app_user u on u.username = ? where "
                + MAY_WORK_IN + " order by w.name_key", String.class, username);
    }
}
