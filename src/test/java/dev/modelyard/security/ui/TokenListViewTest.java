package dev.modelyard.security.ui;

import static com.github.mvysny.kaributesting.v10.LocatorJ._click;
import static com.github.mvysny.kaributesting.v10.LocatorJ._find;
import static com.github.mvysny.kaributesting.v10.LocatorJ._get;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.mvysny.kaributesting.v10.ContextMenuKt;
import com.github.mvysny.kaributesting.v10.GridKt;
import com.github.mvysny.kaributesting.v10.HasValueUtilsKt;
import com.github.mvysny.kaributesting.v10.pro.ConfirmDialogKt;
import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.confirmdialog.ConfirmDialog;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.menubar.MenuBar;
import com.vaadin.flow.component.select.Select;
import com.vaadin.flow.component.textfield.TextField;
import dev.modelyard.IntegrationTest;
import dev.modelyard.TestUsers;
import dev.modelyard.models.ModelTestData;
import dev.modelyard.security.AppRole;
import dev.modelyard.security.TokenService;
import dev.modelyard.security.TokenSummary;
import dev.modelyard.security.UserService;
import dev.modelyard.support.KaribuSupport;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;

@IntegrationTest
class TokenListViewTest {

    @Autowired
    ApplicationContext context;
    @Autowired
    TokenService tokens;
    @Autowired
    UserService users;

    @BeforeEach
    @SuppressWarnings("unchecked")
    void signIn() throws ClassNotFoundException {
        TestUsers.ensureCreated(users);
        // the Jobs view stands for any page with the app layout (views are package-private, hence by name)
        Class<? extends Component> jobs = (Class<? extends Component>) Class.forName("dev.modelyard.jobs.ui.JobListView");
        KaribuSupport.signIn(context, TestUsers.CONTRIBUTOR, AppRole.CONTRIBUTOR, TokenListView.class, jobs);
    }

    @AfterEach
    void close() {
        KaribuSupport.tearDown();
    }

    @SuppressWarnings("unchecked")
    private static Grid<TokenSummary> grid() {
        return _get(Grid.class, spec -> spec.withId("tokens-grid"));
    }

    private static int rowOf(String name) {
        List<String> names = new ArrayList<>();
        for (int i = 0; i < GridKt._size(grid()); i++) {
            names.add(GridKt._get(grid(), i).name());
        }
        assertThat(names).contains(name);
        return names.indexOf(name);
    }

    @Test
    void the_user_menu_opens_the_tokens_page() {
        UI.getCurrent().navigate("jobs");
        ContextMenuKt._clickItemWithID(_get(MenuBar.class, spec -> spec.withId("user-menu")), "user-menu-tokens");
        assertThat(UI.getCurrent().getActiveViewLocation().getPath()).isEqualTo("tokens");
        _get(Grid.class, spec -> spec.withId("tokens-grid"));
    }

    @Test
    @SuppressWarnings("unchecked")
    void creating_shows_the_secret_once_and_revoking_after_confirmation_ends_it() {
        String name = ModelTestData.uniqueName("ui-token");
        UI.getCurrent().navigate(TokenListView.class);
        _click(_get(Button.class, spec -> spec.withId("create-token")));
        _get(TextField.class, spec -> spec.withId("token-name")).setValue(name);
        HasValueUtilsKt._setValue(_get(Select.class, spec -> spec.withId("token-role")), "READER");
        _click(_get(Button.class, spec -> spec.withId("token-create")));

        TextField secretField = _get(TextField.class, spec -> spec.withId("token-secret"));
        String secret = secretField.getValue();
        assertThat(secret).startsWith("myd_");
        assertThat(secretField.isReadOnly()).isTrue();
        assertThat(_get(Paragraph.class, spec -> spec.withId("token-once-notice")).getText())
                .contains("you will not see it again");
        assertThat(tokens.authenticate(secret)).isPresent();
        int row = rowOf(name);
        assertThat(GridKt._getFormattedRow(grid(), row)).contains(name, secret.substring(0, 8), "READER",
                "All my workspaces", "Never", "Active");
        assertThat(GridKt._getFormattedRow(grid(), row).toString()).doesNotContain(secret.substring(8));

        _click(_get(Button.class, spec -> spec.withId("token-done")));
        assertThat(secretField.getValue()).as("the dialog forgets the secret").isEmpty();
        assertThat(_find(TextField.class, spec -> spec.withId("token-secret"))).isEmpty();

        _click((Button) GridKt._getCellComponent(grid(), rowOf(name), "actions"));
        ConfirmDialogKt._fireConfirm(_get(ConfirmDialog.class));

        assertThat(tokens.authenticate(secret)).isEmpty();
        assertThat(GridKt._getFormattedRow(grid(), rowOf(name)).get(7)).startsWith("Revoked");
        assertThat(GridKt._getCellComponent(grid(), rowOf(name), "actions").isVisible()).isFalse();
    }

    @Test
    void a_missing_name_is_a_field_error_and_creates_nothing() {
        UI.getCurrent().navigate(TokenListView.class);
        int before = tokens.list().size();
        _click(_get(Button.class, spec -> spec.withId("create-token")));
        _click(_get(Button.class, spec -> spec.withId("token-create")));

        TextField nameField = _get(TextField.class, spec -> spec.withId("token-name"));
        assertThat(nameField.isInvalid()).isTrue();
        assertThat(nameField.getErrorMessage()).contains("token name");
        assertThat(_find(TextField.class, spec -> spec.withId("token-secret"))).isEmpty();
        assertThat(tokens.list()).hasSize(before);
    }
}
