package dev.modelyard.security.ui;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.combobox.ComboBox;
import com.vaadin.flow.component.dialog.Dialog;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.icon.VaadinIcon;
import com.vaadin.flow.component.notification.Notification;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.select.Select;
import com.vaadin.flow.component.textfield.IntegerField;
import com.vaadin.flow.component.textfield.TextField;
import dev.modelyard.base.ConflictException;
import dev.modelyard.base.InvalidInputException;
import dev.modelyard.security.AppRole;
import dev.modelyard.security.CreateTokenCommand;
import dev.modelyard.security.CreatedToken;
import dev.modelyard.security.TokenService;
import dev.modelyard.security.TokensProperties;
import java.util.List;

/**
 * Creates a personal access token in two steps: the form (name, lifetime, optional workspace and role), then the
 * secret, shown once in a read-only field with a copy button. Closing the dialog forgets the secret.
 */
class CreateTokenDialog extends Dialog {

    static final String NO_LIMIT = "No limit beyond my roles";

    private final TokenService tokens;
    private final Runnable created;
    private final TextField name = new TextField("Name");
    private final IntegerField days = new IntegerField("Expires in (days)");
    private final ComboBox<String> workspace = new ComboBox<>("Workspace");
    private final Select<String> role = new Select<>();
    private final TextField secret = new TextField("Your new token");

    CreateTokenDialog(TokenService tokens, List<String> workspaces, TokensProperties properties, Runnable created) {
        this.tokens = tokens;
        this.created = created;
        setId("create-token-dialog");
        setHeaderTitle("Create access token");
        setWidth("32rem");

        name.setId("token-name");
        name.setRequired(true);
        name.setMaxLength(100);
        name.setPlaceholder("e.g. ci-pipeline");
        name.setWidthFull();
        days.setId("token-days");
        days.setMin(1);
        days.setMax(properties.maxDays());
        days.setValue(properties.effectiveDefaultDays());
        days.setStepButtonsVisible(true);
        days.setHelperText("1 to " + properties.maxDays() + " days");
        workspace.setId("token-workspace");
        workspace.setItems(workspaces);
        workspace.setClearButtonVisible(true);
        workspace.setPlaceholder("All my workspaces");
        workspace.setWidthFull();
        role.setId("token-role");
        role.setLabel("Role at most");
        role.setItems(NO_LIMIT, AppRole.READER.name(), AppRole.CONTRIBUTOR.name(), AppRole.ADMIN.name());
        role.setValue(NO_LIMIT);
        role.setHelperText("A READER token can only read, whatever your own role");

        Button cancel = new Button("Cancel", e -> close());
        cancel.setId("token-cancel");
        Button create = new Button("Create", e -> create());
        create.setId("token-create");
        create.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        add(new VerticalLayout(name, days, workspace, role));
        getFooter().add(cancel, create);
    }

    private void create() {
        name.setInvalid(false);
        days.setInvalid(false);
        workspace.setInvalid(false);
        String chosenRole = NO_LIMIT.equals(role.getValue()) ? null : role.getValue();
        try {
            CreatedToken token = tokens.create(new CreateTokenCommand(name.getValue(), days.getValue(),
                    workspace.getValue(), chosenRole));
            created.run();
            showSecret(token);
        } catch (InvalidInputException e) {
            switch (e.field() == null ? "" : e.field()) {
                case "expiresInDays" -> invalid(days, e.getMessage());
                case "workspace" -> {
                    workspace.setErrorMessage(e.getMessage());
                    workspace.setInvalid(true);
                }
                default -> invalid(name, e.getMessage());
            }
        } catch (ConflictException e) {
            invalid(name, e.getMessage());
        }
    }

    private static void invalid(com.vaadin.flow.component.HasValidation field, String message) {
        field.setErrorMessage(message);
        field.setInvalid(true);
    }

    private void showSecret(CreatedToken token) {
        removeAll();
        getFooter().removeAll();
        setHeaderTitle("Token \"" + token.name() + "\" created");
        secret.setId("token-secret");
        secret.setValue(token.token());
        secret.setReadOnly(true);
        secret.setWidthFull();
        secret.addFocusListener(e -> secret.getElement().executeJs("this.inputElement.select()"));
        Button copy = new Button("Copy", VaadinIcon.COPY.create(), e -> {
            secret.getElement().executeJs("navigator.clipboard.writeText($0)", secret.getValue());
            Notification.show("Copied", 1500, Notification.Position.BOTTOM_START);
        });
        copy.setId("token-copy");
        Paragraph notice = new Paragraph("Copy this token now: you will not see it again. Modelyard keeps only a "
                + "fingerprint of it. It expires " + TokenListView.format(token.expiresAt()) + ".");
        notice.setId("token-once-notice");
        add(new VerticalLayout(notice, secret, copy));
        Button done = new Button("Done", e -> close());
        done.setId("token-done");
        done.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        getFooter().add(done);
        // the secret leaves the server's memory with the dialog
        addOpenedChangeListener(e -> {
            if (!e.isOpened()) {
                secret.clear();
            }
        });
    }
}
