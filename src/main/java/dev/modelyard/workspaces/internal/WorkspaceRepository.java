package dev.modelyard.workspaces.internal;

import java.util.List;
import java.util.Optional;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Query;

public interface WorkspaceRepository extends JpaRepository<Workspace, Long> {

    @Query("select w from Workspace w where w.nameKey = :nameKey")
    Optional<Workspace> findByNameKey(String nameKey);

    @Query("select w from Workspace w order by w.nameKey")
    List<Workspace> findAllByName();
}
