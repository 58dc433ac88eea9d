package dev.modelyard.shell.ui;

import static com.github.mvysny.kaributesting.v10.LocatorJ._click;
import static com.github.mvysny.kaributesting.v10.LocatorJ._get;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.mvysny.kaributesting.v10.GridKt;
import com.github.mvysny.kaributesting.v10.MockVaadin;
import com.github.mvysny.kaributesting.v10.UploadKt;
import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.internal.PendingJavaScriptInvocation;
import com.vaadin.flow.component.upload.Upload;
import com.vaadin.flow.dom.Element;
import dev.modelyard.artifacts.StagedFile;
import dev.modelyard.artifacts.StagedUpload;
import dev.modelyard.artifacts.UploadLimits;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The one upload component both the register form and the submit dialog use, alone in a UI: files go through
 * the Upload's own handler as a browser's requests would, and staging lands in a temporary folder.
 */
class UploadPanelTest {

    @TempDir
    Path root;
    UploadPanel panel;
    final List<List<StagedFile>> changes = new ArrayList<>();

    @BeforeEach
    void show() {
        MockVaadin.setup();
        panel = new UploadPanel(new StagingArea(() -> StagedUpload.create(root, UploadLimits.defaults())),
                UploadPanel.Ids.prefixed("test"), "Drop files here");
        panel.addChangeListener(changes::add);
        UI.getCurrent().add(panel);
    }

    @AfterEach
    void close() {
        MockVaadin.tearDown();
    }

    @Test
    void staged_files_are_listed_by_path_whatever_order_they_arrived_in() {
        upload("zeta.txt", "z".getBytes(StandardCharsets.UTF_8));
        upload("bundle.zip", zip("src/b.py", "Alpha.md", "src/a.py"));
        upload("beta.txt", "b".getBytes(StandardCharsets.UTF_8));

        assertThat(paths()).containsExactly("Alpha.md", "beta.txt", "src/a.py", "src/b.py", "zeta.txt");
        // each entry holds its own name: 3 × 8 bytes, and 1 byte in each plain file
        assertThat(text("test-files")).isEqualTo("5 files, 26 B in total");
        assertThat(panel.uploadedNames()).containsExactly("zeta.txt", "bundle.zip", "beta.txt");
        assertThat(changes).isNotEmpty();
        assertThat(changes.get(changes.size() - 1)).hasSize(5);
    }

    @Test
    void a_refused_archive_removes_the_whole_set_and_says_why_beside_the_upload() {
        upload("keep.txt", "k".getBytes(StandardCharsets.UTF_8));
        assertThat(folders()).isEqualTo(1);

        upload("evil.zip", zip("ok.txt", "../evil"));

        Span error = _get(Span.class, spec -> spec.withId("test-error"));
        assertThat(error.isVisible()).isTrue();
        assertThat(error.getText()).contains("'../evil'").endsWith("The staged files were removed; add them again.");
        assertThat(paths()).isEmpty();
        assertThat(text("test-files")).isEqualTo("Nothing staged");
        assertThat(panel.uploadedNames()).isEmpty();
        assertThat(folders()).as("nothing left on disk").isZero();
    }

    @Test
    void the_same_plain_file_twice_keeps_the_set_and_says_so() {
        upload("a.txt", "a".getBytes(StandardCharsets.UTF_8));
        upload("a.txt", "again".getBytes(StandardCharsets.UTF_8));

        assertThat(paths()).containsExactly("a.txt");
        assertThat(_get(Span.class, spec -> spec.withId("test-error")).getText())
                .isEqualTo("'a.txt' is staged already; clear the files to replace it.");
    }

    @Test
    void clear_files_and_detaching_delete_what_was_staged() {
        upload("a.txt", "a".getBytes(StandardCharsets.UTF_8));
        _click(_get(Button.class, spec -> spec.withId("test-clear")));
        assertThat(paths()).isEmpty();
        assertThat(folders()).isZero();
        assertThat(_get(Button.class, spec -> spec.withId("test-clear")).isEnabled()).isFalse();

        upload("b.txt", "b".getBytes(StandardCharsets.UTF_8));
        assertThat(folders()).isEqualTo(1);
        UI.getCurrent().remove(panel);
        assertThat(folders()).as("detach deletes the staged files").isZero();
        assertThat(panel.files()).isEmpty();
        assertThat(panel.uploadedNames()).as("a dialog opened again shows nothing that is gone").isEmpty();
    }

    @Test
    void the_staged_set_is_handed_over_whole() {
        upload("b.txt", "bb".getBytes(StandardCharsets.UTF_8));
        upload("a.txt", "a".getBytes(StandardCharsets.UTF_8));

        assertThat(panel.withStaged(staged -> staged.totalBytes())).contains(3L);
        panel.reset();
        assertThat(panel.files()).isEmpty();
        assertThat(panel.uploadedNames()).isEmpty();
    }

    @Test
    void a_revealed_error_is_scrolled_into_view_and_focused() {
        panel.showError("Not this one.");
        Element error = _get(Span.class, spec -> spec.withId("test-error")).getElement();
        pendingJavaScript();

        panel.revealError();

        // taken before any lookup: Karibu's lookups play a client round trip, which sends (and drops) pending calls
        List<String> calls = pendingJavaScript().stream()
                .filter(js -> js.getInvocation().getParameters().contains(error))
                .map(js -> js.getInvocation().getExpression()).toList();
        assertThat(calls).singleElement().asString().contains("scrollIntoView").contains("focus(");
    }

    /** The JavaScript calls queued for the next response, taken from it as a browser would receive them. */
    static List<PendingJavaScriptInvocation> pendingJavaScript() {
        UI.getCurrent().getInternals().getStateTree().runExecutionsBeforeClientResponse();
        return UI.getCurrent().getInternals().dumpPendingJavaScriptInvocations();
    }

    private void upload(String name, byte[] content) {
        UploadKt._upload(_get(Upload.class, spec -> spec.withId("test-upload")), name, "application/octet-stream",
                content);
    }

    @SuppressWarnings("unchecked")
    private List<String> paths() {
        Grid<StagedFile> grid = _get(Grid.class, spec -> spec.withId("test-list"));
        return IntStream.range(0, GridKt._size(grid)).mapToObj(i -> GridKt._get(grid, i).path()).toList();
    }

    private static String text(String id) {
        return _get(Span.class, spec -> spec.withId(id)).getText();
    }

    private long folders() {
        try (Stream<Path> list = Files.list(root)) {
            return list.count();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] zip(String... names) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream out = new ZipOutputStream(bytes)) {
            for (String entry : names) {
                out.putNextEntry(new ZipEntry(entry));
                out.write(entry.getBytes(StandardCharsets.UTF_8));
                out.closeEntry();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }
}
