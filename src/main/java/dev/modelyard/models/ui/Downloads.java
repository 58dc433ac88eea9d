package dev.modelyard.models.ui;

import dev.modelyard.base.ui.DisplayFormats;
import dev.modelyard.workspaces.ui.WorkspaceRoutes;
import com.vaadin.flow.component.html.Anchor;
import com.vaadin.flow.component.html.AttachmentType;
import com.vaadin.flow.component.icon.Icon;
import com.vaadin.flow.component.icon.VaadinIcon;
import com.vaadin.flow.server.HttpStatusCode;
import com.vaadin.flow.server.streams.DownloadHandler;
import com.vaadin.flow.server.streams.DownloadResponse;
import dev.modelyard.artifacts.ArtifactFile;
import dev.modelyard.artifacts.ArtifactService;
import dev.modelyard.base.NotFoundException;
import dev.modelyard.models.ModelService;
import dev.modelyard.models.VersionRef;
import org.springframework.security.access.AccessDeniedException;

/**
 * Download links that stream from storage as the browser reads: a model file can be gigabytes, so nothing is
 * buffered. The handlers run in the download request, whose signed-in user the services check again.
 */
final class Downloads {

    private Downloads() {
    }

    /** One file, saved under its base name. */
    static Anchor file(ModelService models, VersionRef ref, ArtifactFile file, String text) {
        String baseName = file.path().substring(file.path().lastIndexOf('/') + 1);
        DownloadHandler handler = DownloadHandler.fromInputStream(event -> {
            try {
                return new DownloadResponse(models.openFile(ref, file.path()), baseName, file.mediaType(), file.size());
            } catch (NotFoundException e) {
                return DownloadResponse.error(HttpStatusCode.NOT_FOUND);
            } catch (AccessDeniedException e) {
                return DownloadResponse.error(HttpStatusCode.FORBIDDEN);
            }
        });
        Anchor link = new Anchor(WorkspaceRoutes.inThisWorkspace(handler), AttachmentType.DOWNLOAD, text);
        link.getElement().setAttribute("aria-label", "Download " + baseName);
        link.setTitle("Download " + baseName + " (" + DisplayFormats.bytes(file.size()) + ")");
        link.addClassName("download-link");
        return link;
    }

    /** The whole version as {@code name-version.zip}, written entry by entry while the browser receives it. */
    static Anchor zip(ModelService models, ArtifactService artifacts, VersionRef ref) {
        String fileName = ref.name() + "-" + ref.version() + ".zip";
        DownloadHandler handler = event -> {
            event.setFileName(fileName);
            event.setContentType("application/zip");
            artifacts.writeZip(models.files(ref), event.getOutputStream());
        };
        Anchor link = new Anchor(WorkspaceRoutes.inThisWorkspace(handler), AttachmentType.DOWNLOAD, "Download all (.zip)");
        link.addComponentAsFirst(smallIcon(VaadinIcon.DOWNLOAD));
        link.addClassName("download-link");
        link.setId("download-all");
        link.setTitle("Download " + fileName);
        return link;
    }

    /** Icons beside text and in grid rows are the small Lumo size; the default would outgrow a compact row. */
    static Icon smallIcon(VaadinIcon icon) {
        Icon small = icon.create();
        small.setSize("var(--lumo-icon-size-s)");
        return small;
    }
}
