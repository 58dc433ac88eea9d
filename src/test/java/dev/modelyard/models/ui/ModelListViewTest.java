package dev.modelyard.models.ui;

import static com.github.mvysny.kaributesting.v10.LocatorJ._get;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.mvysny.kaributesting.v10.GridKt;
import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.textfield.TextField;
import dev.modelyard.IntegrationTest;
import dev.modelyard.TestUsers;
import dev.modelyard.artifacts.ArtifactService;
import dev.modelyard.artifacts.StagedUpload;
import dev.modelyard.models.ModelService;
import dev.modelyard.models.ModelTestData;
import dev.modelyard.models.VersionSummary;
import dev.modelyard.security.AppRole;
import dev.modelyard.support.KaribuSupport;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;

@IntegrationTest
class ModelListViewTest {

    @Autowired
    ApplicationContext context;
    @Autowired
    ModelService models;
    @Autowired
    ArtifactService artifacts;

    String prefix;

    @BeforeEach
    void registerAndOpen() {
        prefix = ModelTestData.uniqueName("grid");
        TestUsers.runAs("admin", AppRole.ADMIN, () -> {
            for (String suffix : new String[]{"alpha", "beta", "beta"}) {
                try (StagedUpload staged = ModelTestData.stageText(artifacts, Map.of("f", suffix))) {
                    models.register(ModelTestData.custom(prefix + "-" + suffix), staged);
                }
            }
        });
        KaribuSupport.signIn(context, TestUsers.READER, AppRole.READER, ModelListView.class);
        UI.getCurrent().navigate(ModelListView.class);
    }

    @AfterEach
    void close() {
        KaribuSupport.tearDown();
    }

    @Test
    void the_grid_lists_every_version_and_the_search_narrows_it() {
        Grid<VersionSummary> grid = _get(Grid.class, spec -> spec.withId("versions-grid"));
        TextField search = _get(TextField.class);

        search.setValue(prefix);
        assertThat(GridKt._size(grid)).isEqualTo(3);
        VersionSummary newest = GridKt._get(grid, 0);
        assertThat(newest.name()).isEqualTo(prefix + "-beta");
        assertThat(newest.version()).isEqualTo(2);

        search.setValue(prefix + "-alpha");
        assertThat(GridKt._size(grid)).isEqualTo(1);
        assertThat(GridKt._get(grid, 0).tags()).containsEntry("team", "fraud");
    }
}
