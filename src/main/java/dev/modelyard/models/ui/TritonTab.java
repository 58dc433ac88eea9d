package dev.modelyard.models.ui;

import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.grid.GridVariant;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.html.H4;
import com.vaadin.flow.component.orderedlayout.FlexLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import dev.modelyard.base.ui.DisplayFormats;
import dev.modelyard.models.formats.TritonFormat;
import dev.modelyard.models.formats.TritonModel;
import dev.modelyard.models.formats.TritonTensor;
import java.util.List;

/** Each model of the Triton repository as its config.pbtxt describes it: where, how it runs, and its tensors. */
class TritonTab extends VerticalLayout {

    TritonTab(TritonFormat format) {
        addClassName("triton-tab");
        setPadding(false);
        setWidthFull();
        if (format.models().isEmpty()) {
            add(Facts.note("No models were found in this repository."));
        }
        format.models().forEach(model -> add(section(model)));
    }

    private static Component section(TritonModel model) {
        Facts facts = new Facts();
        facts.add("Path", model.path().isEmpty() ? "(the upload root)" : model.path());
        if (model.platform() != null) {
            facts.add("Platform", model.platform());
        }
        if (model.backend() != null || model.platform() == null) {
            facts.add("Backend", model.backend());
        }
        facts.add("Max batch size", model.maxBatchSize() == 0 ? "0 (no batching)" : String.valueOf(model.maxBatchSize()));
        facts.add("Versions", model.versions().isEmpty() ? null : String.join(", ", model.versions()));

        FlexLayout tensors = new FlexLayout(
                tensorBlock("Inputs", "triton-inputs", model.inputs()),
                tensorBlock("Outputs", "triton-outputs", model.outputs()));
        tensors.setFlexWrap(FlexLayout.FlexWrap.WRAP);
        tensors.setWidthFull();
        tensors.getStyle().set("gap", "var(--lumo-space-l)");

        Div section = new Div(new H3(model.name()), facts, tensors);
        section.addClassName("triton-model");
        section.setWidthFull();
        return section;
    }

    private static Component tensorBlock(String title, String className, List<TritonTensor> tensors) {
        Div block = new Div(new H4(title));
        block.getStyle().set("flex", "1 1 24rem").set("min-width", "0");
        if (tensors.isEmpty()) {
            block.add(Facts.note("None declared."));
            return block;
        }
        Grid<TritonTensor> grid = new Grid<>();
        grid.addClassName(className);
        grid.addThemeVariants(GridVariant.LUMO_COMPACT, GridVariant.LUMO_ROW_STRIPES);
        grid.addColumn(TritonTensor::name).setHeader("Name").setKey("name");
        grid.addColumn(TritonTensor::dataType).setHeader("Data type").setKey("dataType");
        grid.addColumn(t -> DisplayFormats.dims(t.dims())).setHeader("Dims").setKey("dims");
        grid.setItems(tensors);
        if (tensors.size() <= 15) {
            grid.setAllRowsVisible(true);
        } else {
            grid.setHeight("24rem");
        }
        block.add(grid);
        return block;
    }
}
