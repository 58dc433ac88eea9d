package dev.modelyard.workspaces.ui;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.vaadin.flow.server.streams.DownloadHandler;
import dev.modelyard.workspaces.CurrentWorkspace;
import dev.modelyard.workspaces.WorkspaceRef;
import java.io.IOException;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * A portal download is served by a request in which no UI is current, so the workspace of the page that made the
 * link must travel with the handler: otherwise a file of workspace {@code team-b} would be looked up in
 * {@code default}, where a model of the same name may hold other bytes.
 */
class WorkspaceDownloadsTest {

    @Test
    void a_download_runs_in_the_workspace_of_the_page_that_made_it() throws IOException {
        WorkspaceRef teamB = new WorkspaceRef(42, "team-b");
        AtomicReference<String> servedIn = new AtomicReference<>();
        DownloadHandler handler = CurrentWorkspace.callIn(teamB,
                () -> WorkspaceRoutes.inThisWorkspace(event -> servedIn.set(CurrentWorkspace.name())));

        assertThat(CurrentWorkspace.isBound()).as("nothing bound on the download's thread").isFalse();
        handler.handleDownloadRequest(null);

        assertThat(servedIn.get()).isEqualTo("team-b");
        assertThat(CurrentWorkspace.isBound()).as("the binding ends with the download").isFalse();
    }

    @Test
    void a_failing_download_keeps_its_io_exception() {
        DownloadHandler handler = WorkspaceRoutes.inThisWorkspace(event -> {
            throw new IOException("the browser went away");
        });
        assertThatThrownBy(() -> handler.handleDownloadRequest(null)).isInstanceOf(IOException.class)
                .hasMessage("the browser went away");
    }
}
