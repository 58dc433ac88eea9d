package dev.modelyard.models.ui;

import dev.modelyard.base.SafeText;
import dev.modelyard.base.ui.DisplayFormats;
import dev.modelyard.workspaces.ui.WorkspaceRoutes;
import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.html.Anchor;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.orderedlayout.FlexLayout;
import dev.modelyard.models.ModelService;
import dev.modelyard.models.ModelVersionDetails;
import dev.modelyard.models.VersionRef;
import dev.modelyard.models.VersionSource;
import dev.modelyard.models.VersionStorage;

/** Description and tags (editable by contributors), properties, provenance, and how the files sit in storage. */
class DetailsTab extends FlexLayout {

    private final Span updatedAt;

    DetailsTab(ModelService models, ModelVersionDetails details, boolean canEdit) {
        addClassName("details-tab");
        setFlexWrap(FlexWrap.WRAP);
        setWidthFull();
        getStyle().set("gap", "var(--lumo-space-l)");
        VersionRef ref = new VersionRef(details.name(), details.version());

        Facts about = new Facts();
        about.add("Created", DisplayFormats.dateTime(details.createdAt()) + " by " + details.createdBy());
        updatedAt = about.add("Updated", DisplayFormats.dateTime(details.updatedAt()));
        about.add("Source", source(details.source()));
        about.add("Files", DisplayFormats.count(details.files().count(), "file") + ", "
                + DisplayFormats.bytes(details.files().bytes()));

        Div main = column("32rem", 2,
                new H3("Description"), new DescriptionEditor(models, ref, details.description(), canEdit, this::saved),
                new H3("Tags"), new TagEditor(models, ref, details.tags(), canEdit, this::saved),
                new H3("Properties"), properties(details));
        Div side = column("20rem", 1,
                new H3("About this version"), about,
                new H3("Storage"), storage(models.storage(ref), details.storage(), details.source()));
        add(main, side);
    }

    private void saved(ModelVersionDetails details) {
        updatedAt.setText(DisplayFormats.dateTime(details.updatedAt()));
    }

    private static Div column(String basis, int grow, Component... content) {
        Div column = new Div(content);
        column.getStyle().set("flex", grow + " 1 " + basis).set("min-width", "0");
        return column;
    }

    /** An upload, or a link back to the job whose outputs the files came from (by URL: models know no jobs). */
    private static Component source(VersionSource source) {
        Span text = new Span();
        text.setId("version-source");
        if (source != null && VersionSource.JOB.equals(source.kind()) && source.job() != null) {
            Anchor job = new Anchor(WorkspaceRoutes.path("jobs/" + source.job()), source.job());
            job.setId("version-source-job");
            text.add(new Span("Job "), job, new Span(", " + DisplayFormats.orDash(source.path()) + "/"));
        } else if (source != null && source.path() != null) {
            // every uploaded file sat in this folder; the version was registered from inside it (decision 018)
            text.setText("Upload, from inside the folder " + SafeText.quote(source.path(), 120));
        } else {
            text.setText("Upload");
        }
        return text;
    }

    private static Component properties(ModelVersionDetails details) {
        if (details.properties().isEmpty()) {
            return Facts.note("No properties.");
        }
        Facts list = new Facts();
        list.setId("version-properties");
        details.properties().forEach(list::add);
        return list;
    }

    /**
     * Two different questions: what deleting this version could free (unique vs shared now), and what its
     * registration cost when it happened (new vs reused then). Both matter when a registry grows.
     */
    static Component storage(VersionStorage sharing, ModelVersionDetails.StorageStats written, VersionSource source) {
        Facts facts = new Facts();
        facts.addBytes("Total size", sharing.totalBytes()).setId("storage-total");
        facts.addBytes("Only in this version", sharing.uniqueBytes()).setId("storage-unique");
        // each line only when it holds something: a lone version has no "other versions" to share with
        if (sharing.sameModelBytes() > 0) {
            facts.addBytes("Shared with other versions", sharing.sameModelBytes()).setId("storage-shared");
        }
        if (sharing.otherModelsBytes() > 0) {
            facts.addBytes("Shared with other models", sharing.otherModelsBytes()).setId("storage-other-models");
        }
        if (sharing.elsewhereBytes() > 0) {
            facts.addBytes(source.job() != null ? "Shared with the outputs of job " + source.job()
                    : "Also held by job outputs or uploads", sharing.elsewhereBytes()).setId("storage-elsewhere");
        }
        facts.add("Registration wrote", DisplayFormats.bytes(written.bytesNew()) + " new, "
                + DisplayFormats.bytes(written.bytesReused()) + " already stored").setId("storage-written");
        return facts;
    }
}
