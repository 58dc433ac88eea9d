package dev.modelyard.models.ui;

import dev.modelyard.shell.ui.AccessDeniedView;
import dev.modelyard.shell.ui.MainLayout;
import com.vaadin.flow.component.html.Paragraph;
import dev.modelyard.workspaces.ui.WorkspaceRoutes;
import static com.github.mvysny.kaributesting.v10.LocatorJ._click;
import static com.github.mvysny.kaributesting.v10.LocatorJ._find;
import static com.github.mvysny.kaributesting.v10.LocatorJ._get;
import static com.github.mvysny.kaributesting.v10.LocatorJ._setValue;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.mvysny.kaributesting.v10.GridKt;
import com.github.mvysny.kaributesting.v10.NotificationsKt;
import com.github.mvysny.kaributesting.v10.UploadKt;
import com.github.mvysny.kaributools.DepthFirstTreeIteratorKt;
import com.vaadin.flow.component.HasElement;
import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.combobox.ComboBox;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.radiobutton.RadioButtonGroup;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.component.upload.Upload;
import com.vaadin.flow.router.AccessDeniedException;
import com.vaadin.flow.router.InternalServerError;
import dev.modelyard.IntegrationTest;
import dev.modelyard.TestUsers;
import dev.modelyard.artifacts.StagedFile;
import dev.modelyard.base.ModelyardProperties;
import dev.modelyard.base.ui.DisplayFormats;
import dev.modelyard.models.ModelService;
import dev.modelyard.models.ModelTestData;
import dev.modelyard.models.ModelType;
import dev.modelyard.models.ModelVersionDetails;
import dev.modelyard.models.VersionRef;
import dev.modelyard.security.AppRole;
import dev.modelyard.support.KaribuSupport;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;

/**
 * The register form over the real services, uploads going through the Upload's own handler (Karibu 2.5 drives
 * Vaadin 24.9's UploadHandler the way a browser request would).
 */
@IntegrationTest
class RegisterModelViewTest {

    @Autowired
    ApplicationContext context;
    @Autowired
    ModelService models;
    @Autowired
    ModelyardProperties properties;

    String name;

    @BeforeEach
    void signIn() {
        name = ModelTestData.uniqueName("form");
        signInAs(TestUsers.CONTRIBUTOR, AppRole.CONTRIBUTOR);
    }

    @AfterEach
    void close() {
        KaribuSupport.tearDown();
    }

    @Test
    void registering_the_mlflow_fixture_selects_mlflow_and_opens_the_new_version() {
        UI.getCurrent().navigate(RegisterModelView.class, WorkspaceRoutes.params());
        _setValue(nameField(), name);
        assertThat(nameField().getHelperText()).isEqualTo("new model — version 1");
        uploadMlflowFixtureWithNotes();

        assertThat(typeField().getValue()).isEqualTo(ModelType.MLFLOW);
        assertThat(GridKt._size(stagedFiles())).isEqualTo(6);
        assertThat(summary()).isEqualTo("6 files, " + DisplayFormats.bytes(mlflowBytes() + notes().length) + " in total");
        _click(_get(Button.class, spec -> spec.withId("add-tag")));
        _setValue(_get(TextField.class, spec -> spec.withId("tag-key-0")), "team");
        _setValue(_get(TextField.class, spec -> spec.withId("tag-value-0")), "risk");
        _click(registerButton());

        ModelVersionDetails v1 = models.version(VersionRef.of(name, "1"));
        assertThat(v1.type()).isEqualTo(ModelType.MLFLOW);
        assertThat(v1.tags()).containsEntry("team", "risk");
        // the notes are unique to this test, so some bytes are new whatever other tests stored before
        assertThat(v1.storage().bytesNew()).isGreaterThanOrEqualTo(notes().length);
        assertThat(notificationTexts()).containsExactly("Version 1 registered — "
                + DisplayFormats.bytes(v1.storage().bytesNew()) + " new, " + DisplayFormats.bytes(v1.storage().bytesReused())
                + " reused");
        assertThat(_find(ModelDetailView.class)).hasSize(1);
        assertThat(UI.getCurrent().getInternals().getActiveViewLocation().getPath())
                .isEqualTo("w/default/models/" + name + "/versions/1");
    }

    @Test
    void the_same_files_again_under_the_same_name_become_version_2_with_nothing_new() {
        UI.getCurrent().navigate(RegisterModelView.class, WorkspaceRoutes.params());
        _setValue(nameField(), name);
        uploadMlflowFixtureWithNotes();
        _click(registerButton());
        NotificationsKt.clearNotifications();

        ModelsNavigation.toRegister(name);
        assertThat(nameField().getValue()).isEqualTo(name);
        assertThat(nameField().getHelperText()).isEqualTo("will be registered as version 2");
        uploadMlflowFixtureWithNotes();
        _click(registerButton());

        assertThat(notificationTexts()).containsExactly("Version 2 registered — 0 B new, "
                + DisplayFormats.bytes(mlflowBytes() + notes().length) + " reused");
        assertThat(UI.getCurrent().getInternals().getActiveViewLocation().getPath())
                .isEqualTo("w/default/models/" + name + "/versions/2");
    }

    @Test
    void an_invalid_name_is_marked_on_the_field_and_nothing_is_registered() {
        UI.getCurrent().navigate(RegisterModelView.class, WorkspaceRoutes.params());
        _setValue(nameField(), name + " v2");
        assertThat(nameField().isInvalid()).isTrue();
        assertThat(nameField().getErrorMessage()).startsWith("Model name '" + name + " v2' is invalid");

        uploadMlflowFixtureWithNotes();
        _click(registerButton());

        assertThat(nameField().isInvalid()).isTrue();
        assertThat(nameField().getErrorMessage()).contains("is invalid");
        assertThat(models.modelNames(name, 10)).isEmpty();
        assertThat(notificationTexts()).singleElement().asString().startsWith("Not registered: name — Model name '")
                .contains("is invalid");
        assertThat(_find(RegisterModelForm.class)).hasSize(1);
        assertThat(GridKt._size(stagedFiles())).as("the files stay staged for the next try").isEqualTo(6);
    }

    @Test
    void mlflow_without_an_mlmodel_file_is_refused_beside_the_upload() {
        UI.getCurrent().navigate(RegisterModelView.class, WorkspaceRoutes.params());
        _setValue(nameField(), name);
        upload("model.pkl", "not really a pickle");
        upload("notes.txt", "no MLmodel here");
        assertThat(typeField().getValue()).as("nothing to suggest").isNull();

        _setValue(typeField(), ModelType.MLFLOW);
        assertThat(warning().getText()).isEqualTo(
                "MLflow is selected but the files do not look like an MLflow model (no MLmodel at the root)");
        _click(registerButton());

        assertThat(uploadError().isVisible()).isTrue();
        assertThat(uploadError().getText()).contains("MLflow model needs an MLmodel file at the root of the upload");
        assertThat(models.modelNames(name, 10)).isEmpty();
        assertThat(GridKt._size(stagedFiles())).isEqualTo(2);
    }

    @Test
    void the_users_choice_of_type_stands_and_a_mismatch_is_pointed_out() {
        UI.getCurrent().navigate(RegisterModelView.class, WorkspaceRoutes.params());
        _setValue(typeField(), ModelType.CUSTOM);
        uploadMlflowFixtureWithNotes();

        assertThat(typeField().getValue()).isEqualTo(ModelType.CUSTOM);
        assertThat(warning().isVisible()).isTrue();
        assertThat(warning().getText())
                .isEqualTo("The files look like an MLflow model (MLmodel at the root) but Custom is selected");
    }

    @Test
    void a_zip_with_a_parent_path_is_refused_and_nothing_stays_staged() {
        UI.getCurrent().navigate(RegisterModelView.class, WorkspaceRoutes.params());
        Set<Path> stagingBefore = stagingFolders();
        upload("README.md", "first a harmless file");
        assertThat(GridKt._size(stagedFiles())).isEqualTo(1);
        assertThat(stagingFolders()).hasSize(stagingBefore.size() + 1);

        UploadKt._upload(upload(), "evil.zip", "application/zip", zip("MLmodel", "../evil"));

        assertThat(uploadError().getText()).contains("'../evil'").contains("'..' segment")
                .contains("The staged files were removed");
        assertThat(GridKt._size(stagedFiles())).isZero();
        assertThat(summary()).isEqualTo("Nothing staged");
        assertThat(registerButton().isEnabled()).isFalse();
        assertThat(stagingFolders()).as("the staging folder is deleted").isEqualTo(stagingBefore);

        upload("README.md", "the set starts afresh");
        assertThat(GridKt._size(stagedFiles())).isEqualTo(1);
        assertThat(_find(Span.class, spec -> spec.withId("upload-error"))).as("the error is gone").isEmpty();
    }

    @Test
    void leaving_the_form_deletes_what_it_staged() {
        UI.getCurrent().navigate(RegisterModelView.class, WorkspaceRoutes.params());
        Set<Path> stagingBefore = stagingFolders();
        upload("weights.bin", "some bytes");
        assertThat(stagingFolders()).hasSize(stagingBefore.size() + 1);

        UI.getCurrent().navigate(ModelListView.class, WorkspaceRoutes.params());

        assertThat(stagingFolders()).isEqualTo(stagingBefore);
    }

    @Test
    void tag_rows_are_checked_as_keys_are_typed_and_again_on_submit() {
        UI.getCurrent().navigate(RegisterModelView.class, WorkspaceRoutes.params());
        _setValue(nameField(), name);
        upload("weights.bin", "some bytes");
        _setValue(typeField(), ModelType.CUSTOM);
        Button addTag = _get(Button.class, spec -> spec.withId("add-tag"));
        _click(addTag);
        _click(addTag);
        _click(addTag);

        TextField badKey = _get(TextField.class, spec -> spec.withId("tag-key-0"));
        _setValue(badKey, "bad key");
        assertThat(badKey.isInvalid()).as("checked while typing").isTrue();
        assertThat(badKey.getErrorMessage()).startsWith("Tag key 'bad key' is invalid");
        _setValue(_get(TextField.class, spec -> spec.withId("tag-key-1")), "team");
        _setValue(_get(TextField.class, spec -> spec.withId("tag-value-1")), "risk");
        TextField duplicate = _get(TextField.class, spec -> spec.withId("tag-key-2"));
        _setValue(duplicate, "team");
        _click(registerButton());

        assertThat(badKey.isInvalid()).isTrue();
        assertThat(duplicate.isInvalid()).isTrue();
        assertThat(duplicate.getErrorMessage()).isEqualTo("Duplicate key 'team'; each key appears once");
        assertThat(models.modelNames(name, 10)).isEmpty();

        _click(_get(Button.class, spec -> spec.withId("tag-remove-0")));
        _setValue(_get(TextField.class, spec -> spec.withId("tag-key-1")), "owner");
        _click(registerButton());
        assertThat(models.version(VersionRef.of(name, "1")).tags()).containsOnlyKeys("team", "owner");
    }

    @Test
    void a_new_version_starts_with_the_previous_versions_tags_and_description_marked_as_copied() {
        UI.getCurrent().navigate(RegisterModelView.class, WorkspaceRoutes.params());
        _setValue(nameField(), name);
        assertThat(tagsNote().isVisible()).as("a new model has nothing to copy").isFalse();
        uploadMlflowFixtureWithNotes();
        _click(_get(Button.class, spec -> spec.withId("add-tag")));
        _setValue(_get(TextField.class, spec -> spec.withId("tag-key-0")), "team");
        _setValue(_get(TextField.class, spec -> spec.withId("tag-value-0")), "fraud");
        _setValue(descriptionField(), "Fraud scores for card payments");
        _click(registerButton());

        ModelsNavigation.toRegister(name);

        assertThat(_get(TextField.class, spec -> spec.withId("tag-key-0")).getValue()).isEqualTo("team");
        assertThat(_get(TextField.class, spec -> spec.withId("tag-value-0")).getValue()).isEqualTo("fraud");
        assertThat(tagsNote().isVisible()).isTrue();
        assertThat(tagsNote().getText()).startsWith("Copied from version 1");
        assertThat(descriptionField().getValue()).isEqualTo("Fraud scores for card payments");
        assertThat(descriptionField().getHelperText()).isEqualTo("Copied from version 1");

        _setValue(_get(TextField.class, spec -> spec.withId("tag-value-0")), "fraud-v2");
        assertThat(tagsNote().isVisible()).as("edited: the tags are the user's own now").isFalse();
        _setValue(descriptionField(), "Retrained on November's payments");
        assertThat(descriptionField().getHelperText()).isNull();
        uploadMlflowFixtureWithNotes();
        _click(registerButton());

        ModelVersionDetails v2 = models.version(VersionRef.of(name, "2"));
        assertThat(v2.tags()).containsExactly(java.util.Map.entry("team", "fraud-v2"));
        assertThat(v2.description()).isEqualTo("Retrained on November's payments");
    }

    @Test
    void what_the_user_wrote_is_never_overwritten_by_copying() {
        UI.getCurrent().navigate(RegisterModelView.class, WorkspaceRoutes.params());
        _setValue(nameField(), name);
        uploadMlflowFixtureWithNotes();
        _click(_get(Button.class, spec -> spec.withId("add-tag")));
        _setValue(_get(TextField.class, spec -> spec.withId("tag-key-0")), "team");
        _setValue(_get(TextField.class, spec -> spec.withId("tag-value-0")), "fraud");
        _setValue(descriptionField(), "first");
        _click(registerButton());

        UI.getCurrent().navigate(RegisterModelView.class, WorkspaceRoutes.params());
        _setValue(descriptionField(), "my own words");
        _setValue(nameField(), name);

        assertThat(descriptionField().getValue()).isEqualTo("my own words");
        assertThat(descriptionField().getHelperText()).isNull();
        assertThat(_get(TextField.class, spec -> spec.withId("tag-value-0")).getValue())
                .as("the tags were empty, so they are copied").isEqualTo("fraud");

        _setValue(nameField(), name + "-other");
        assertThat(_find(TextField.class, spec -> spec.withId("tag-key-0")))
                .as("copied tags follow the name to a new model, which has none").isEmpty();
        assertThat(tagsNote().isVisible()).isFalse();
        assertThat(descriptionField().getValue()).isEqualTo("my own words");
    }

    @Test
    void a_zip_of_one_folder_registers_from_inside_it_with_a_notice_naming_the_folder() {
        UI.getCurrent().navigate(RegisterModelView.class, WorkspaceRoutes.params());
        _setValue(nameField(), name);
        UploadKt._upload(upload(), "m.zip", "application/zip", wrappedMlflowZip("model-folder"));

        assertThat(typeField().getValue()).as("MLmodel at the root once unwrapped").isEqualTo(ModelType.MLFLOW);
        Span notice = _get(Span.class, spec -> spec.withId("upload-notice"));
        assertThat(notice.isVisible()).isTrue();
        assertThat(notice.getText()).isEqualTo("Every file is inside the folder 'model-folder', so the version is "
                + "registered from inside it: 'model-folder/MLmodel' becomes 'MLmodel'.");
        _click(registerButton());

        ModelVersionDetails v1 = models.version(VersionRef.of(name, "1"));
        assertThat(v1.type()).isEqualTo(ModelType.MLFLOW);
        assertThat(v1.source().path()).isEqualTo("model-folder");
        assertThat(models.files(VersionRef.of(name, "1"))).extracting(f -> f.path()).contains("MLmodel")
                .noneMatch(p -> p.startsWith("model-folder"));
        assertThat(notificationTexts()).singleElement().asString()
                .startsWith("Version 1 registered from inside 'model-folder' — ");
        assertThat(_get(Span.class, spec -> spec.withId("version-source")).getText())
                .isEqualTo("Upload, from inside the folder 'model-folder'");
    }

    @Test
    void a_refusal_after_register_is_scrolled_into_view_focused_and_notified_with_the_file_and_the_fix() {
        UI.getCurrent().navigate(RegisterModelView.class, WorkspaceRoutes.params());
        _setValue(nameField(), name);
        UploadKt._upload(upload(), "weights.zip", "application/zip", zip("model/deeper/MLmodel", "other/x.bin"));
        _setValue(typeField(), ModelType.MLFLOW);
        com.vaadin.flow.dom.Element error = hiddenUploadError();
        Button register = registerButton();
        pendingJavaScript();

        _click(register);

        // taken before any lookup: Karibu's lookups play a client round trip, which sends (and drops) pending calls
        List<String> revealed = pendingJavaScript().stream()
                .filter(js -> js.getInvocation().getParameters().contains(error))
                .map(js -> js.getInvocation().getExpression()).toList();
        assertThat(revealed).singleElement().asString().contains("scrollIntoView").contains("focus(");
        assertThat(uploadError().getText()).contains("MLflow model needs an MLmodel file at the root")
                .contains("press Register again");
        assertThat(notificationTexts()).singleElement().asString()
                .startsWith("'weights.zip' could not be registered: ")
                .contains("MLmodel file at the root").endsWith("the staged files are kept.");
        assertThat(models.modelNames(name, 10)).isEmpty();
    }

    @Test
    void a_reader_cannot_open_the_form() {
        KaribuSupport.tearDown();
        signInAs(TestUsers.READER, AppRole.READER);

        UI.getCurrent().navigate(RegisterModelView.class, WorkspaceRoutes.params());

        // the app's access-denied view, inside the layout, names the role the form needs
        List<HasElement> shown = UI.getCurrent().getInternals().getActiveRouterTargetsChain();
        assertThat(shown).noneMatch(RegisterModelView.class::isInstance);
        assertThat(shown.get(0)).isInstanceOf(AccessDeniedView.class);
        assertThat(shown).anyMatch(MainLayout.class::isInstance);
        assertThat(_get(Paragraph.class, spec -> spec.withId("access-denied-reason")).getText())
                .contains("CONTRIBUTOR").contains("READER").contains("'default'");
        assertThat(DepthFirstTreeIteratorKt.walk(UI.getCurrent())).noneMatch(RegisterModelForm.class::isInstance);
        assertThat(models.modelNames(name, 10)).isEmpty();
    }

    private void signInAs(String user, AppRole role) {
        KaribuSupport.signIn(context, user, role, RegisterModelView.class, ModelDetailView.class, ModelListView.class);
    }

    @SuppressWarnings("unchecked")
    private static ComboBox<String> nameField() {
        return _get(ComboBox.class, spec -> spec.withId("model-name"));
    }

    @SuppressWarnings("unchecked")
    private static RadioButtonGroup<ModelType> typeField() {
        return _get(RadioButtonGroup.class, spec -> spec.withId("model-type"));
    }

    @SuppressWarnings("unchecked")
    private static Grid<StagedFile> stagedFiles() {
        return _get(Grid.class, spec -> spec.withId("staged-files"));
    }

    private static Upload upload() {
        return _get(Upload.class, spec -> spec.withId("model-upload"));
    }

    /** The note on copied tags; Karibu's lookups see visible components only, so a hidden note is an empty one. */
    private static Span tagsNote() {
        return _find(Span.class, spec -> spec.withId("tags-copied")).stream().findFirst().orElseGet(() -> {
            Span hidden = new Span();
            hidden.setVisible(false);
            return hidden;
        });
    }

    /** The upload's error line while it is hidden (Karibu's lookups find visible components only). */
    private static com.vaadin.flow.dom.Element hiddenUploadError() {
        for (com.vaadin.flow.component.Component c : DepthFirstTreeIteratorKt.walk(UI.getCurrent())) {
            if (c.getId().filter("upload-error"::equals).isPresent()) {
                return c.getElement();
            }
        }
        throw new AssertionError("no upload-error");
    }

    /** The JavaScript calls queued for the next response (and taken from it), as a browser would receive them. */
    private static List<com.vaadin.flow.component.internal.PendingJavaScriptInvocation> pendingJavaScript() {
        UI.getCurrent().getInternals().getStateTree().runExecutionsBeforeClientResponse();
        return UI.getCurrent().getInternals().dumpPendingJavaScriptInvocations();
    }

    private static com.vaadin.flow.component.textfield.TextArea descriptionField() {
        return _get(com.vaadin.flow.component.textfield.TextArea.class, spec -> spec.withId("model-description"));
    }

    /** The MLflow fixture as {@code zip -r m.zip <folder>} makes it: a folder entry, then every file inside it. */
    private static byte[] wrappedMlflowZip(String folder) {
        Path root = ModelTestData.fixture(ModelTestData.MLFLOW_FIXTURE);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream out = new ZipOutputStream(bytes)) {
            out.putNextEntry(new ZipEntry(folder + "/"));
            out.closeEntry();
            for (Path file : ModelTestData.fixtureFiles(ModelTestData.MLFLOW_FIXTURE)) {
                out.putNextEntry(new ZipEntry(folder + "/" + root.relativize(file).toString().replace('\\', '/')));
                out.write(read(file));
                out.closeEntry();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    private static Button registerButton() {
        return _get(Button.class, spec -> spec.withId("register-button"));
    }

    private static Span uploadError() {
        return _get(Span.class, spec -> spec.withId("upload-error"));
    }

    private static Span warning() {
        return _get(Span.class, spec -> spec.withId("type-warning"));
    }

    private static String summary() {
        return _get(Span.class, spec -> spec.withId("staged-summary")).getText();
    }

    private static void upload(String fileName, String content) {
        UploadKt._upload(upload(), fileName, "application/octet-stream", content.getBytes(StandardCharsets.UTF_8));
    }

    /** The MLflow fixture, plus notes naming this test's model so that some of the bytes are new to storage. */
    private void uploadMlflowFixtureWithNotes() {
        for (Path file : ModelTestData.fixtureFiles(ModelTestData.MLFLOW_FIXTURE)) {
            UploadKt._upload(upload(), file.getFileName().toString(), "application/octet-stream", read(file));
        }
        UploadKt._upload(upload(), "NOTES.md", "text/markdown", notes());
    }

    private byte[] notes() {
        return ("# " + name + "\nRegistered by RegisterModelViewTest.\n").getBytes(StandardCharsets.UTF_8);
    }

    private static long mlflowBytes() {
        return ModelTestData.fixtureFiles(ModelTestData.MLFLOW_FIXTURE).stream().mapToLong(f -> read(f).length).sum();
    }

    private static List<String> notificationTexts() {
        return NotificationsKt.getNotifications().stream().map(n -> n.getElement().getProperty("text")).toList();
    }

    private Set<Path> stagingFolders() {
        Path root = properties.stagingDir();
        if (!Files.isDirectory(root)) {
            return Set.of();
        }
        try (Stream<Path> list = Files.list(root)) {
            return list.collect(Collectors.toSet());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] read(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] zip(String... names) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream out = new ZipOutputStream(bytes)) {
            for (String entry : names) {
                out.putNextEntry(new ZipEntry(entry));
                out.write(("content of " + entry).getBytes(StandardCharsets.UTF_8));
                out.closeEntry();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }
}
