package dev.modelyard.models.ui;

import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.html.H4;
import com.vaadin.flow.component.html.Pre;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.orderedlayout.FlexLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import dev.modelyard.artifacts.ArtifactFile;
import dev.modelyard.models.ModelService;
import dev.modelyard.models.VersionRef;
import dev.modelyard.models.formats.MlflowFormat;
import dev.modelyard.models.formats.Signature;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/** What the MLmodel file says: flavors, provenance, the signature as tables, and the logged input example. */
class MlflowTab extends VerticalLayout {

    MlflowTab(ModelService models, VersionRef ref, MlflowFormat format) {
        addClassName("mlflow-tab");
        setPadding(false);
        setWidthFull();

        Facts facts = new Facts();
        facts.add("Flavors", flavors(format.flavors()));
        facts.add("Python version", format.pythonVersion()).setId("mlflow-python-version");
        facts.add("MLflow version", format.mlflowVersion()).setId("mlflow-version");
        facts.add("Run ID", format.runId()).setId("mlflow-run-id");
        facts.add("Model UUID", format.modelUuid());
        facts.add("Logged at (UTC)", format.utcTimeCreated());
        facts.add("Artifact path", format.artifactPath());
        add(facts, fromModel(ref));
        add(new H3("Signature"));
        addSignature(format.signature());
        if (format.savedInputExampleInfo() != null) {
            add(new H3("Input example"), inputExample(models, ref, format.savedInputExampleInfo()));
        }
    }

    private static FlexLayout flavors(Map<String, Object> flavors) {
        FlexLayout badges = new FlexLayout();
        badges.setFlexWrap(FlexLayout.FlexWrap.WRAP);
        badges.getStyle().set("gap", "var(--lumo-space-xs)");
        flavors.forEach((name, settings) -> {
            Span badge = Badges.of(name, "");
            badge.addClassName("flavor-badge");
            badge.setTitle(settingsText(settings));
            badges.add(badge);
        });
        return badges;
    }

    /** A flavor's scalar settings (loader module, library version, …) as a tooltip, one per line. */
    private static String settingsText(Object settings) {
        if (!(settings instanceof Map<?, ?> map)) {
            return "";
        }
        return map.entrySet().stream()
                .filter(e -> e.getValue() != null && !(e.getValue() instanceof Map) && !(e.getValue() instanceof Iterable))
                .map(e -> e.getKey() + ": " + e.getValue())
                .collect(Collectors.joining("\n"));
    }

    private void addSignature(Signature signature) {
        if (signature == null) {
            add(Facts.note("No signature logged. MLflow records one when the model is logged with an "
                    + "input example or an explicit signature; without it, callers must know the inputs themselves."));
            return;
        }
        add(new H4("Inputs"), signature.inputs().isEmpty() ? Facts.note("No inputs described.")
                : SignatureTable.columns("signature-inputs", signature.inputs()));
        add(new H4("Outputs"), signature.outputs().isEmpty() ? Facts.note("No outputs described.")
                : SignatureTable.columns("signature-outputs", signature.outputs()));
        add(new H4("Parameters"), signature.params().isEmpty() ? Facts.note("No inference parameters.")
                : SignatureTable.params("signature-params", signature.params()));
    }

    /** MLflow names the example file in {@code saved_input_example_info.artifact_path}; show it if it was uploaded. */
    private static Component inputExample(ModelService models, VersionRef ref, Map<String, Object> info) {
        Object path = info.get("artifact_path");
        Optional<ArtifactFile> file = path == null ? Optional.empty()
                : models.files(ref).stream().filter(f -> f.path().equals(String.valueOf(path))).findFirst();
        if (file.isEmpty()) {
            return Facts.note("The MLmodel names an input example"
                    + (path == null ? "" : " (" + path + ")") + ", but the upload does not contain it.");
        }
        if (!FilePreviewPanel.isText(file.get())) {
            return Facts.note("The input example is " + path + ", a binary file; download it from Artifacts.");
        }
        Pre pre = new Pre();
        pre.setId("input-example");
        pre.addClassName("artifact-preview");
        return FilePreviewPanel.preview(models, ref, file.get(), pre);
    }

    /** Opens "New environment" on the Environments page filled from this version's requirements.txt / conda.yaml. */
    private static com.vaadin.flow.component.html.Anchor fromModel(VersionRef ref) {
        String version = ref.version() != null ? String.valueOf(ref.version())
                : ref.alias() != null ? ref.alias() : VersionRef.LATEST;
        var link = new com.vaadin.flow.component.html.Anchor(dev.modelyard.workspaces.ui.WorkspaceRoutes.path(
                "environments") + "?model=" + java.net.URLEncoder.encode(ref.name(), java.nio.charset.StandardCharsets.UTF_8)
                + "&version=" + java.net.URLEncoder.encode(version, java.nio.charset.StandardCharsets.UTF_8),
                "Create environment from this model");
        link.setId("mlflow-create-environment");
        return link;
    }
}
