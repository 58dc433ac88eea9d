package dev.modelyard.jobs.ui;

import static com.github.mvysny.kaributesting.v10.LocatorJ._click;
import static com.github.mvysny.kaributesting.v10.LocatorJ._find;
import static com.github.mvysny.kaributesting.v10.LocatorJ._get;
import static com.github.mvysny.kaributesting.v10.LocatorJ._setValue;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.mvysny.kaributesting.v10.GridKt;
import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.select.Select;
import com.vaadin.flow.component.textfield.IntegerField;
import com.vaadin.flow.component.textfield.TextField;
import dev.modelyard.IntegrationTest;
import dev.modelyard.jobs.ComputeTarget;
import dev.modelyard.security.AppRole;
import dev.modelyard.support.KaribuSupport;
import dev.modelyard.workspaces.ui.WorkspaceRoutes;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;

@IntegrationTest
class ComputeListViewTest {

    @Autowired
    ApplicationContext context;

    @AfterEach
    void close() {
        KaribuSupport.tearDown();
    }

    @SuppressWarnings("unchecked")
    private static List<ComputeTarget> rows() {
        Grid<ComputeTarget> grid = _get(Grid.class, spec -> spec.withId("compute-grid"));
        return IntStream.range(0, GridKt._size(grid)).mapToObj(i -> GridKt._get(grid, i)).toList();
    }

    @Test
    void an_admin_creates_a_target_and_sees_it_with_its_slots() {
        KaribuSupport.signIn(context, "view-admin", AppRole.ADMIN, ComputeListView.class);
        UI.getCurrent().navigate(ComputeListView.class, WorkspaceRoutes.params());
        String name = "view-" + Long.toString(System.nanoTime(), 36);
        _setValue(_get(TextField.class, spec -> spec.withId("compute-name")), name);
        _setValue(_get(IntegerField.class, spec -> spec.withId("compute-slots")), 3);
        _click(_get(Button.class, spec -> spec.withId("compute-create")));
        assertThat(rows()).filteredOn(t -> t.name().equals(name)).singleElement()
                .satisfies(t -> assertThat(t.slots()).isEqualTo(3)).satisfies(t -> assertThat(t.kind()).isEqualTo("local"));

        _setValue(_get(TextField.class, spec -> spec.withId("compute-name")), name);
        _click(_get(Button.class, spec -> spec.withId("compute-create")));
        TextField field = _get(TextField.class, spec -> spec.withId("compute-name"));
        assertThat(field.isInvalid()).isTrue();
        assertThat(field.getErrorMessage()).contains("already exists");
    }

    @Test
    void a_reader_sees_the_targets_but_cannot_create() {
        KaribuSupport.signIn(context, "view-reader", AppRole.READER, ComputeListView.class);
        UI.getCurrent().navigate(ComputeListView.class, WorkspaceRoutes.params());
        assertThat(rows()).extracting(ComputeTarget::name).contains("local");
        // Karibu finds visible components only: the create row is hidden for a reader
        assertThat(_find(Button.class, spec -> spec.withId("compute-create"))).isEmpty();
    }

    @Test
    @SuppressWarnings("unchecked")
    void a_ray_target_asks_for_its_cluster_and_a_bad_address_is_shown_on_that_field() {
        KaribuSupport.signIn(context, "view-admin", AppRole.ADMIN, ComputeListView.class);
        UI.getCurrent().navigate(ComputeListView.class, WorkspaceRoutes.params());
        assertThat(_find(TextField.class, spec -> spec.withId("compute-address"))).as("hidden for local").isEmpty();

        _setValue(_get(Select.class, spec -> spec.withId("compute-kind")), "ray");
        String name = "ray-" + Long.toString(System.nanoTime(), 36);
        _setValue(_get(TextField.class, spec -> spec.withId("compute-name")), name);
        _setValue(_get(TextField.class, spec -> spec.withId("compute-address")), "head; rm -rf /");
        _click(_get(Button.class, spec -> spec.withId("compute-create")));

        TextField address = _get(TextField.class, spec -> spec.withId("compute-address"));
        assertThat(address.isInvalid()).isTrue();
        assertThat(address.getErrorMessage()).contains("host:port");
        assertThat(rows()).extracting(ComputeTarget::name).doesNotContain(name);
    }
}
