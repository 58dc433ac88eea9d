package dev.modelyard.security.ui;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.confirmdialog.ConfirmDialog;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.grid.GridVariant;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.icon.VaadinIcon;
import com.vaadin.flow.component.notification.Notification;
import com.vaadin.flow.component.notification.NotificationVariant;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import dev.modelyard.base.NotFoundException;
import dev.modelyard.security.TokenService;
import dev.modelyard.security.TokenSummary;
import dev.modelyard.security.TokensProperties;
import jakarta.annotation.security.PermitAll;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * The signed-in user's personal access tokens: create one (its secret is shown once, in the dialog), see when each
 * was last used, revoke one. Reached from the user menu in the header.
 */
@Route("tokens")
@PageTitle("Access tokens · Modelyard")
@PermitAll
class TokenListView extends VerticalLayout {

    private static final DateTimeFormatter DATE_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm", Locale.ROOT)
            .withZone(ZoneId.systemDefault());

    private final TokenService tokens;
    private final Grid<TokenSummary> grid = new Grid<>();

    TokenListView(TokenService tokens, TokensProperties properties) {
        this.tokens = tokens;
        setSizeFull();
        addClassName("token-list-view");

        Button create = new Button("Create token", VaadinIcon.PLUS.create(), e -> new CreateTokenDialog(tokens,
                tokens.scopeChoices(), properties, this::refresh).open());
        create.setId("create-token");
        create.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        HorizontalLayout title = new HorizontalLayout(new H2("Access tokens"), create);
        title.setWidthFull();
        title.setAlignItems(FlexComponent.Alignment.CENTER);
        title.setJustifyContentMode(FlexComponent.JustifyContentMode.BETWEEN);

        Paragraph help = new Paragraph("A token lets a script or pipeline call the REST API as you: send it as "
                + "\"Authorization: Bearer <token>\". It can do at most what you can, limited further by its role and "
                + "workspace. Revoke a token you no longer need; it stops working at once.");
        help.addClassName("token-help");

        configureGrid();
        add(title, help, grid);
        expand(grid);
        refresh();
    }

    private void configureGrid() {
        grid.setId("tokens-grid");
        grid.addThemeVariants(GridVariant.LUMO_ROW_STRIPES);
        grid.addColumn(TokenSummary::name).setHeader("Name").setKey("name").setFlexGrow(2);
        grid.addColumn(TokenSummary::prefix).setHeader("Starts with").setKey("prefix");
        grid.addColumn(t -> t.workspace() == null ? "All my workspaces" : t.workspace()).setHeader("Scope").setKey("scope");
        grid.addColumn(t -> t.role().name()).setHeader("Role at most").setKey("role");
        grid.addColumn(t -> format(t.createdAt())).setHeader("Created").setKey("created");
        grid.addColumn(t -> format(t.expiresAt())).setHeader("Expires").setKey("expires");
        grid.addColumn(t -> t.lastUsedAt() == null ? "Never" : format(t.lastUsedAt())).setHeader("Last used").setKey("lastUsed");
        grid.addColumn(t -> switch (t.status()) {
            case "revoked" -> "Revoked " + format(t.revokedAt());
            case "expired" -> "Expired";
            default -> "Active";
        }).setHeader("Status").setKey("status");
        grid.addComponentColumn(this::revokeButton).setHeader("").setKey("actions").setAutoWidth(true).setFlexGrow(0);
        grid.setEmptyStateText("You have no access tokens yet.");
    }

    private Button revokeButton(TokenSummary token) {
        Button revoke = new Button("Revoke", e -> confirmRevoke(token));
        revoke.addThemeVariants(ButtonVariant.LUMO_ERROR, ButtonVariant.LUMO_TERTIARY, ButtonVariant.LUMO_SMALL);
        revoke.setId("revoke-token-" + token.id());
        revoke.setVisible("active".equals(token.status()));
        return revoke;
    }

    private void confirmRevoke(TokenSummary token) {
        ConfirmDialog confirm = new ConfirmDialog();
        confirm.setId("confirm-revoke");
        confirm.setHeader("Revoke token \"" + token.name() + "\"?");
        confirm.setText("Anything that uses it is refused from its next request on. This cannot be undone.");
        confirm.setCancelable(true);
        confirm.setConfirmText("Revoke");
        confirm.setConfirmButtonTheme("error primary");
        confirm.addConfirmListener(e -> {
            try {
                tokens.revoke(token.id());
                Notification.show("Token \"" + token.name() + "\" revoked", 3000, Notification.Position.BOTTOM_START)
                        .addThemeVariants(NotificationVariant.LUMO_SUCCESS);
            } catch (NotFoundException gone) {
                Notification.show("That token no longer exists", 6000, Notification.Position.MIDDLE)
                        .addThemeVariants(NotificationVariant.LUMO_ERROR);
            }
            refresh();
        });
        confirm.open();
    }

    void refresh() {
        grid.setItems(tokens.list());
    }

    static String format(Instant instant) {
        return instant == null ? "—" : DATE_TIME.format(instant);
    }
}
