package dev.modelyard.models.ui;

import static com.github.mvysny.kaributesting.v10.LocatorJ._get;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.mvysny.kaributesting.v10.GridKt;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.tabs.TabSheet;
import dev.modelyard.IntegrationTest;
import dev.modelyard.TestUsers;
import dev.modelyard.artifacts.ArtifactService;
import dev.modelyard.artifacts.StagedUpload;
import dev.modelyard.audit.AuditRecord;
import dev.modelyard.audit.ui.AuditGrids;
import dev.modelyard.models.ModelService;
import dev.modelyard.models.ModelTestData;
import dev.modelyard.models.UpdateVersionCommand;
import dev.modelyard.models.VersionRef;
import dev.modelyard.security.AppRole;
import dev.modelyard.support.KaribuSupport;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;

/** The History tab of a version page: that version's and its model's audit entries, newest first, readable. */
@IntegrationTest
class HistoryTabTest {

    @Autowired
    ApplicationContext context;
    @Autowired
    ModelService models;
    @Autowired
    ArtifactService artifacts;

    @AfterEach
    void close() {
        KaribuSupport.tearDown();
    }

    @Test
    void a_reader_sees_who_changed_this_version_and_its_model_and_how() {
        String name = ModelTestData.uniqueName("historic");
        TestUsers.runAs("alice", AppRole.CONTRIBUTOR, () -> {
            for (int i = 0; i < 2; i++) {
                try (StagedUpload staged = ModelTestData.stageText(artifacts, Map.of("m.txt", "w" + i))) {
                    models.register(ModelTestData.custom(name), staged);
                }
            }
        });
        TestUsers.runAs("bob", AppRole.CONTRIBUTOR, () -> {
            models.update(new VersionRef(name, 1), new UpdateVersionCommand(null, Map.of("team", "risk", "stage", "prod")));
            models.describeModel(name, "shared description");
        });

        KaribuSupport.signIn(context, TestUsers.READER, AppRole.READER, ModelDetailView.class, ModelListView.class);
        ModelsNavigation.toVersion(name, 1);
        TabSheet tabs = _get(TabSheet.class, spec -> spec.withId("version-tabs"));
        tabs.setSelectedIndex(IntStream.range(0, tabs.getTabCount())
                .filter(i -> tabs.getTabAt(i).getLabel().equals("History")).findFirst().orElseThrow());

        @SuppressWarnings("unchecked")
        Grid<AuditRecord> grid = _get(Grid.class, spec -> spec.withId("history-grid"));
        List<AuditRecord> rows = IntStream.range(0, GridKt._size(grid)).mapToObj(i -> GridKt._get(grid, i)).toList();
        // version 2's registration is not this version's history
        assertThat(rows).extracting(AuditRecord::action).containsExactly("model.description.changed",
                "model.version.tags.changed", "model.version.registered");
        assertThat(GridKt._getFormattedRow(grid, 1)).contains("bob", "Tags changed", "model:" + name + "/1");
        assertThat(AuditGrids.changeText(rows.get(1))).isEqualTo("tags: +stage=prod; tags: team fraud → risk");
        assertThat(AuditGrids.changeText(rows.get(0))).isEqualTo("description: — → shared description");
        assertThat(GridKt._getFormattedRow(grid, 2)).contains("alice", "Version registered");
    }
}
