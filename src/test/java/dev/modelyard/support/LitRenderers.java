package dev.modelyard.support;

import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.data.renderer.LitRenderer;
import com.vaadin.flow.function.SerializableBiConsumer;
import elemental.json.Json;
import elemental.json.JsonArray;
import java.lang.reflect.Field;
import java.util.Map;

/**
 * Karibu-Testing reads components, but a column rendered by a {@link LitRenderer} has none: these read the row data
 * its template receives and call its functions as the browser does when the template's element is clicked.
 */
public final class LitRenderers {

    private LitRenderers() {
    }

    /** The value of one of the template's properties for {@code item}. */
    @SuppressWarnings("unchecked")
    public static <T> Object property(Grid<T> grid, String columnKey, String property, T item) {
        LitRenderer<T> renderer = renderer(grid, columnKey);
        var provider = renderer.getValueProviders().get(property);
        if (provider == null) {
            throw new AssertionError("column " + columnKey + " has no template property " + property);
        }
        return provider.apply(item);
    }

    /** Calls the template function {@code function} for {@code item} with {@code args} (numbers or strings). */
    @SuppressWarnings("unchecked")
    public static <T> void call(Grid<T> grid, String columnKey, String function, T item, Object... args) {
        LitRenderer<T> renderer = renderer(grid, columnKey);
        JsonArray json = Json.createArray();
        for (Object arg : args) {
            if (arg instanceof Number n) {
                json.set(json.length(), n.doubleValue());
            } else {
                json.set(json.length(), String.valueOf(arg));
            }
        }
        try {
            Field callables = LitRenderer.class.getDeclaredField("clientCallables");
            callables.setAccessible(true);
            var function0 = ((Map<String, SerializableBiConsumer<T, JsonArray>>) callables.get(renderer)).get(function);
            if (function0 == null) {
                throw new AssertionError("column " + columnKey + " has no template function " + function);
            }
            function0.accept(item, json);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("LitRenderer's functions are not where this helper expects them", e);
        }
    }

    @SuppressWarnings("unchecked")
    private static <T> LitRenderer<T> renderer(Grid<T> grid, String columnKey) {
        Grid.Column<T> column = grid.getColumnByKey(columnKey);
        if (column == null || !(column.getRenderer() instanceof LitRenderer<?>)) {
            throw new AssertionError("column " + columnKey + " is not rendered by a LitRenderer");
        }
        return (LitRenderer<T>) column.getRenderer();
    }
}
