package dev.modelyard.jobs.ui;

import com.vaadin.flow.component.HasValidation;
import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.UIDetachedException;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.dialog.Dialog;
import com.vaadin.flow.component.notification.Notification;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.select.Select;
import com.vaadin.flow.component.textfield.TextArea;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.component.upload.Upload;
import com.vaadin.flow.server.streams.UploadEvent;
import com.vaadin.flow.server.streams.UploadHandler;
import dev.modelyard.base.ConflictException;
import dev.modelyard.base.InvalidInputException;
import dev.modelyard.jobs.CreateEnvironmentCommand;
import dev.modelyard.jobs.EnvironmentBuildService;
import dev.modelyard.jobs.EnvironmentDetails;
import dev.modelyard.jobs.envspec.Requirements;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * A new environment version from a spec: requirements.txt and conda.yaml pasted or uploaded (small text files, read
 * into the field, never stored as files), base interpreter, variables as NAME=value lines.
 */
class CreateEnvironmentDialog extends Dialog {

    private final EnvironmentBuildService builds;
    private final Consumer<EnvironmentDetails> created;
    final TextField name = new TextField("Name");
    final TextField description = new TextField("Description");
    final Select<String> interpreter = new Select<>();
    final TextArea requirements = new TextArea("requirements.txt");
    final TextArea conda = new TextArea("conda.yaml (optional: its python version and pip: section)");
    final TextArea variables = new TextArea("Environment variables (NAME=value, one per line)");
    final Button create = new Button("Create and build");

    CreateEnvironmentDialog(EnvironmentBuildService builds, String initialName, String initialRequirements,
                            String initialConda, Consumer<EnvironmentDetails> created) {
        this.builds = builds;
        this.created = created;
        setHeaderTitle("New environment");
        setWidth("min(56rem, 95vw)");
        name.setRequired(true);
        name.setValue(initialName == null ? "" : initialName);
        name.setId("environment-name");
        name.setHelperText("A new version is added when the name exists");
        description.setWidthFull();
        List<String> offered = builds.interpreters();
        interpreter.setLabel("Base interpreter");
        interpreter.setItems(offered);
        if (!offered.isEmpty()) {
            interpreter.setValue(offered.get(0));
        }
        requirements.setWidthFull();
        requirements.setMinHeight("8rem");
        requirements.setId("environment-requirements");
        requirements.setValue(initialRequirements == null ? "" : initialRequirements);
        requirements.setPlaceholder("scikit-learn==1.6.1\npandas>=2.2");
        requirements.setHelperText("Package names and versions only; options, URLs and paths are refused."
                + " Packages come from the package index this server's pip is configured for.");
        conda.setWidthFull();
        conda.setValue(initialConda == null ? "" : initialConda);
        conda.setId("environment-conda");
        variables.setWidthFull();
        HorizontalLayout uploads = new HorizontalLayout(upload("Upload requirements.txt", requirements),
                upload("Upload conda.yaml", conda));
        VerticalLayout form = new VerticalLayout(new HorizontalLayout(name, interpreter), description, requirements,
                conda, uploads, variables);
        form.setPadding(false);
        add(form);
        create.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        create.setId("environment-create");
        create.addClickListener(e -> submit());
        getFooter().add(new Button("Cancel", e -> close()), create);
    }

    void submit() {
        List.<HasValidation>of(name, requirements, conda, variables, interpreter).forEach(f -> f.setInvalid(false));
        try {
            EnvironmentDetails env = builds.create(new CreateEnvironmentCommand(name.getValue(), description.getValue(),
                    interpreter.getValue(), requirements.getValue(), conda.getValue(), parseVariables()));
            close();
            Notification.show(env.reference() + " created; " + (env.status().wireName().equals("Ready")
                    ? "its build already exists" : "building now"), 4000, Notification.Position.BOTTOM_START);
            created.accept(env);
        } catch (InvalidInputException e) {
            HasValidation field = switch (e.field() == null ? "" : e.field()) {
                case "name" -> name;
                case "conda" -> conda;
                case "variables" -> variables;
                case "interpreter" -> interpreter;
                default -> requirements;
            };
            field.setErrorMessage(e.getMessage());
            field.setInvalid(true);
        } catch (ConflictException e) {
            name.setErrorMessage(e.getMessage());
            name.setInvalid(true);
        }
    }

    private Map<String, String> parseVariables() {
        Map<String, String> out = new LinkedHashMap<>();
        int n = 0;
        for (String line : variables.getValue().split("\n")) {
            n++;
            if (line.isBlank()) {
                continue;
            }
            int eq = line.indexOf('=');
            if (eq <= 0) {
                throw new InvalidInputException("variables", "line " + n + ": write NAME=value");
            }
            out.put(line.substring(0, eq).strip(), line.substring(eq + 1));
        }
        return out;
    }

    /** A text file read into {@code target}: at most the size a spec text may have, as UTF-8. */
    private Upload upload(String label, TextArea target) {
        Upload upload = new Upload(new TextFileHandler(target));
        upload.setMaxFiles(1);
        upload.setMaxFileSize(Requirements.MAX_CHARS * 4);
        upload.setUploadButton(new Button(label));
        upload.setDropAllowed(true);
        return upload;
    }

    private static final class TextFileHandler implements UploadHandler {
        private final TextArea target;

        TextFileHandler(TextArea target) {
            this.target = target;
        }

        @Override
        public void handleUploadRequest(UploadEvent event) throws IOException {
            UI ui = event.getUI();
            String text;
            try (InputStream in = event.getInputStream()) {
                byte[] bytes = in.readNBytes(Requirements.MAX_CHARS * 4 + 1);
                text = bytes.length > Requirements.MAX_CHARS * 4 ? null : new String(bytes, StandardCharsets.UTF_8);
            }
            try {
                ui.access(() -> {
                    if (text == null) {
                        target.setErrorMessage("that file is too large for a spec");
                        target.setInvalid(true);
                    } else {
                        target.setValue(text);
                        target.setInvalid(false);
                    }
                });
            } catch (UIDetachedException gone) {
                // the dialog was closed meanwhile
            }
        }
    }
}
