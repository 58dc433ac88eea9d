package dev.modelyard.models.ui;

import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.grid.GridVariant;
import dev.modelyard.base.ui.DisplayFormats;
import java.util.List;
import java.util.Map;

/**
 * MLflow signature parts as grids. Column specs ({@code {"name","type","required"}}) and tensor specs
 * ({@code {"type":"tensor","tensor-spec":{"dtype","shape"}}}) share one row shape: a tensor's type is its dtype
 * and it has a shape; a column has no shape.
 */
final class SignatureTable {

    /** One input or output. */
    record Column(String name, String type, String shape, boolean required) {
    }

    /** One inference parameter. */
    record Param(String name, String type, String defaultValue, String shape) {
    }

    private static final int ALL_ROWS_UP_TO = 15;

    private SignatureTable() {
    }

    static Grid<Column> columns(String id, List<Map<String, Object>> specs) {
        Grid<Column> grid = grid(id);
        grid.addColumn(c -> c.name().isEmpty() ? "(unnamed)" : c.name()).setHeader("Name").setKey("name");
        grid.addColumn(Column::type).setHeader("Type").setKey("type");
        grid.addColumn(c -> DisplayFormats.orDash(c.shape())).setHeader("Shape").setKey("shape");
        grid.addColumn(c -> c.required() ? "Yes" : "No").setHeader("Required").setKey("required")
                .setWidth("7rem").setFlexGrow(0);
        grid.setItems(specs.stream().map(SignatureTable::column).toList());
        return fit(grid, specs.size());
    }

    static Grid<Param> params(String id, List<Map<String, Object>> specs) {
        Grid<Param> grid = grid(id);
        grid.addColumn(Param::name).setHeader("Name").setKey("name");
        grid.addColumn(Param::type).setHeader("Type").setKey("type");
        grid.addColumn(p -> DisplayFormats.orDash(p.defaultValue())).setHeader("Default").setKey("default");
        grid.addColumn(p -> DisplayFormats.orDash(p.shape())).setHeader("Shape").setKey("shape");
        grid.setItems(specs.stream().map(SignatureTable::param).toList());
        return fit(grid, specs.size());
    }

    static Column column(Map<String, Object> spec) {
        Object required = spec.get("required");
        return new Column(text(spec.get("name")), type(spec), shape(spec), !(required instanceof Boolean b) || b);
    }

    static Param param(Map<String, Object> spec) {
        Object defaultValue = spec.get("default");
        return new Param(text(spec.get("name")), type(spec),
                defaultValue == null ? null : String.valueOf(defaultValue), shapeText(spec.get("shape")));
    }

    /** A tensor's dtype, an array's item type, an object's field names, or the column type as written. */
    static String type(Map<String, Object> spec) {
        String type = text(spec.get("type"));
        if ("tensor".equals(type) && spec.get("tensor-spec") instanceof Map<?, ?> tensor) {
            return text(tensor.get("dtype")) + " tensor";
        }
        if ("array".equals(type) && spec.get("items") instanceof Map<?, ?> items) {
            @SuppressWarnings("unchecked")
            Map<String, Object> itemSpec = (Map<String, Object>) items;
            return "array<" + type(itemSpec) + ">";
        }
        if ("object".equals(type) && spec.get("properties") instanceof Map<?, ?> properties) {
            return "object{" + String.join(", ", properties.keySet().stream().map(String::valueOf).toList()) + "}";
        }
        return type.isEmpty() ? "—" : type;
    }

    private static String shape(Map<String, Object> spec) {
        if (spec.get("tensor-spec") instanceof Map<?, ?> tensor) {
            return shapeText(tensor.get("shape"));
        }
        return null;
    }

    private static String shapeText(Object shape) {
        return shape instanceof List<?> dims ? DisplayFormats.dims(dims) : null;
    }

    private static String text(Object value) {
        return value == null ? "" : String.valueOf(value);
    }

    private static <T> Grid<T> grid(String id) {
        Grid<T> grid = new Grid<>();
        grid.setId(id);
        grid.addThemeVariants(GridVariant.LUMO_COMPACT, GridVariant.LUMO_ROW_STRIPES);
        grid.setWidthFull();
        return grid;
    }

    /** Short signatures show whole; a wide table (hundreds of columns is common) scrolls inside a fixed height. */
    private static <T> Grid<T> fit(Grid<T> grid, int rows) {
        if (rows <= ALL_ROWS_UP_TO) {
            grid.setAllRowsVisible(true);
        } else {
            grid.setHeight("24rem");
        }
        return grid;
    }
}
