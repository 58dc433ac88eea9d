package dev.modelyard.models.ui;

import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.details.Details;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.notification.Notification;
import com.vaadin.flow.component.notification.NotificationVariant;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.textfield.TextArea;
import dev.modelyard.artifacts.ArtifactFile;
import dev.modelyard.artifacts.ArtifactService;
import dev.modelyard.artifacts.StagedFile;
import dev.modelyard.base.ConflictException;
import dev.modelyard.base.InvalidInputException;
import dev.modelyard.base.NotFoundException;
import dev.modelyard.base.SafeText;
import dev.modelyard.base.StorageUnavailableException;
import dev.modelyard.base.ui.DisplayFormats;
import dev.modelyard.base.ui.Reveal;
import dev.modelyard.models.ModelRules;
import dev.modelyard.models.ModelService;
import dev.modelyard.models.ModelType;
import dev.modelyard.models.ModelVersionDetails;
import dev.modelyard.models.RegisterModelCommand;
import dev.modelyard.models.ResolvedSource;
import dev.modelyard.models.VersionSource;
import dev.modelyard.models.formats.ModelFormats;
import dev.modelyard.shell.ui.StagingArea;
import dev.modelyard.shell.ui.UploadPanel;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Name, files (an upload, or a job's output folder), type, description, tags and properties of a new version,
 * and the Register button. The service validates everything again, exactly as for the API; its errors land beside
 * the fields they name, which are scrolled into view and focused, and a notification says what was refused and why.
 */
class RegisterModelForm extends VerticalLayout {

    private static final int NOTIFICATION_MS = 5000;
    /** A refusal stays longer than a success: it has to be read and acted on. */
    private static final int REFUSAL_MS = 10_000;
    private static final String FIX_FILES = "Add what is missing or choose the type the files are, then press Register "
            + "again; the staged files are kept.";

    private final ModelService models;
    private final ModelNameField name;
    private final UploadPanel files;
    private final ModelTypeField type = new ModelTypeField();
    private final TextArea description = new TextArea("Description");
    private final TagsEditor tags = TagsEditor.forTags();
    private final TagsEditor properties = TagsEditor.forProperties();
    private final Details propertiesSection = new Details("Properties (optional)", properties);
    private final Button register = new Button("Register", e -> register());
    private final SourcePanel source = new SourcePanel(this::uploadInstead);
    private final UnwrapNotice unwrapNotice = new UnwrapNotice();
    private final PreviousVersionCopy previous;
    /** When set, the version is registered from these stored files instead of an upload. */
    private String sourceReference;

    RegisterModelForm(ModelService models, ArtifactService artifacts) {
        this.models = models;
        this.name = new ModelNameField(models);
        this.files = new UploadPanel(new StagingArea(artifacts::stage),
                new UploadPanel.Ids("model-upload", "upload-error", "staged-files", "staged-summary", "clear-files"),
                "Drop model files here, or one .zip / .tar.gz of a whole folder");
        addClassName("register-form");
        setPadding(false);

        previous = new PreviousVersionCopy(models, tags, description);
        name.addValueChangeListener(e -> previous.copyFrom(name.name()));
        files.addChangeListener(this::filesChanged);
        description.setId("model-description");
        description.setWidthFull();
        description.setMaxLength(ModelRules.MAX_DESCRIPTION);
        description.setMinHeight("6rem");
        description.setManualValidation(true);
        description.setPlaceholder("What it is, what it was trained on, how to use it");
        propertiesSection.setWidthFull();

        register.setId("register-button");
        register.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        register.setDisableOnClick(true);
        HorizontalLayout actions = new HorizontalLayout(register);
        actions.setWidthFull();
        actions.setJustifyContentMode(FlexComponent.JustifyContentMode.END);

        add(name, section("Files"), source, files, unwrapNotice, type, description, section("Tags"), previous.tagsNote(),
                tags, propertiesSection, actions);
        updateRegisterButton();
    }

    /** Fills in the name, e.g. from "Register a new version" on a model's page. */
    void prefill(String modelName) {
        name.setValue(modelName);
    }

    /**
     * Registers from files Modelyard already stores (a job's output folder) instead of an upload; the type is
     * the given one, else suggested from the files. A reference that names nothing is shown beside the files.
     */
    void useSource(String reference, Optional<ModelType> suggested) {
        try {
            ResolvedSource resolved = models.resolveSource(reference);
            sourceReference = reference;
            source.show(reference, resolved);
            files.setVisible(false);
            Optional<ModelType> fromFiles = ModelFormats.suggestType(resolved.files().stream().map(ArtifactFile::path).toList());
            type.suggest(suggested.isPresent() ? suggested : fromFiles, true);
        } catch (InvalidInputException | NotFoundException e) {
            files.showError(DisplayFormats.sentence(e.getMessage()));
        }
        updateRegisterButton();
    }

    private void uploadInstead() {
        sourceReference = null;
        source.setVisible(false);
        files.setVisible(true);
        type.suggest(Optional.empty(), false);
        updateRegisterButton();
    }

    private static H3 section(String title) {
        H3 heading = new H3(title);
        heading.addClassName("form-section");
        return heading;
    }

    private void filesChanged(List<StagedFile> staged) {
        List<String> paths = staged.stream().map(StagedFile::path).toList();
        // the type is suggested from the files as they will be registered (from inside a wrapping folder)
        List<String> registered = unwrapNotice.update(paths, files.uploadedNames());
        type.suggest(ModelFormats.suggestType(registered), !staged.isEmpty());
        updateRegisterButton();
    }

    private void updateRegisterButton() {
        register.setEnabled(sourceReference != null || !files.files().isEmpty() && !files.isUploading());
    }

    private void register() {
        try {
            clearErrors();
            Optional<RegisterModelCommand> command = command();
            if (command.isEmpty()) {
                return;
            }
            Optional<ModelVersionDetails> created = sourceReference != null
                    ? Optional.of(models.registerFromSource(command.get(), sourceReference))
                    : files.withStaged(staged -> models.register(command.get(), staged));
            if (created.isEmpty()) {
                refuseFiles("A file is still uploading.", "Press Register again once it has arrived.");
                return;
            }
            registered(created.get());
        } catch (InvalidInputException e) {
            showError(e);
        } catch (NotFoundException e) {
            refuseFiles(DisplayFormats.sentence(e.getMessage()), "Choose files that exist, or upload them instead.");
        } catch (ConflictException | StorageUnavailableException e) {
            notify(DisplayFormats.sentence(e.getMessage()) + " Nothing was registered.", NotificationVariant.LUMO_ERROR);
        } finally {
            updateRegisterButton();
        }
    }

    /**
     * Shows a refusal about the files where the user looks after pressing Register at the bottom of the form: beside
     * the upload (scrolled into view and focused) and as a notification naming the files and the fix.
     */
    private void refuseFiles(String message, String fix) {
        if (sourceReference != null) {
            source.showError(message + " " + fix);
        } else {
            files.showError(message + " " + fix);
            files.revealError();
        }
        List<String> names = sourceReference != null ? List.of(sourceReference) : files.uploadedNames();
        String which = names.isEmpty() ? "The files"
                : names.stream().limit(3).map(n -> SafeText.quote(n, 80)).collect(Collectors.joining(", "))
                + (names.size() > 3 ? " and " + (names.size() - 3) + " more" : "");
        refusal(which + " could not be registered: " + message + " " + fix);
    }

    /** Marks a field's refusal: scrolled into view, focused, and said once more in a notification. */
    private void refuseField(Component field, String label, String message) {
        Reveal.reveal(field instanceof TagsEditor editor ? editor.problem().orElse(field)
                : field instanceof ModelTypeField choice ? choice.choice() : field);
        refusal("Not registered: " + label + " — " + DisplayFormats.sentence(message));
    }

    private static void refusal(String text) {
        Notification notification = Notification.show(text, REFUSAL_MS, Notification.Position.BOTTOM_START);
        notification.addThemeVariants(NotificationVariant.LUMO_ERROR);
    }

    /** The command from the fields, or empty after marking what the service cannot be asked about. */
    private Optional<RegisterModelCommand> command() {
        Optional<Map<String, String>> tagValues = tags.validatedValues();
        Optional<Map<String, String>> propertyValues = properties.validatedValues();
        if (propertyValues.isEmpty()) {
            propertiesSection.setOpened(true);
        }
        ModelType chosen = type.value();
        if (chosen == null) {
            type.showError("Choose the model type");
            refuseField(type, "type", "choose the model type: the files decide which fits");
            return Optional.empty();
        }
        if (tagValues.isEmpty()) {
            refuseField(tags, "tags", "correct the marked tag");
            return Optional.empty();
        }
        if (propertyValues.isEmpty()) {
            refuseField(properties, "properties", "correct the marked property");
            return Optional.empty();
        }
        String text = description.getValue();
        return Optional.of(new RegisterModelCommand(name.name(), null, chosen, text.isBlank() ? null : text,
                tagValues.get(), propertyValues.get(), VersionSource.upload()));
    }

    private void registered(ModelVersionDetails version) {
        files.reset();
        ModelVersionDetails.StorageStats storage = version.storage();
        String folder = VersionSource.UPLOAD.equals(version.source().kind()) && version.source().path() != null
                ? " from inside " + SafeText.quote(version.source().path(), 80) : "";
        notify("Version " + version.version() + " registered" + folder + " — " + DisplayFormats.bytes(storage.bytesNew()) + " new, "
                + DisplayFormats.bytes(storage.bytesReused()) + " reused", NotificationVariant.LUMO_SUCCESS);
        ModelsNavigation.toVersion(version.name(), version.version());
    }

    /** Puts a service error beside the field it names; errors about no field concern the files. */
    private void showError(InvalidInputException e) {
        String field = e.field() == null ? "" : e.field();
        switch (field) {
            case "name" -> {
                name.showError(e.getMessage());
                refuseField(name, "name", e.getMessage());
            }
            case "type" -> {
                type.showError(e.getMessage());
                refuseField(type, "type", e.getMessage());
            }
            case "description" -> {
                description.setErrorMessage(DisplayFormats.sentence(e.getMessage()));
                description.setInvalid(true);
                refuseField(description, "description", e.getMessage());
            }
            case "tags" -> {
                tags.showError(e.getMessage());
                refuseField(tags, "tags", e.getMessage());
            }
            case "properties" -> {
                propertiesSection.setOpened(true);
                properties.showError(e.getMessage());
                refuseField(properties, "properties", e.getMessage());
            }
            default -> refuseFiles(DisplayFormats.sentence(e.getMessage()), FIX_FILES);
        }
    }

    private void clearErrors() {
        name.refreshHint();
        type.clearError();
        description.setInvalid(false);
        tags.clearError();
        properties.clearError();
        files.clearError();
        source.clearError();
    }

    private static void notify(String text, NotificationVariant variant) {
        Notification notification = Notification.show(text, NOTIFICATION_MS, Notification.Position.BOTTOM_START);
        notification.addThemeVariants(variant);
    }
}
