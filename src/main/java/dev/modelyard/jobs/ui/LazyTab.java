package dev.modelyard.jobs.ui;

import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.html.Div;
import java.util.function.Supplier;

/**
 * A tab's content, built the first time the tab is shown: the Logs, Outputs and Models tabs each query the
 * services, and most visits open one of them at most. {@link #reset} rebuilds it, e.g. when the job has ended.
 */
final class LazyTab<T extends Component> extends Div {

    private final Supplier<T> factory;
    private T content;

    LazyTab(Supplier<T> factory) {
        this.factory = factory;
        setWidthFull();
    }

    void load() {
        if (content == null) {
            content = factory.get();
            add(content);
        }
    }

    /** The content if it was built, else null. */
    T content() {
        return content;
    }

    /** Drops the content; it is built again now if it was shown, else when its tab is next selected. */
    void reset() {
        if (content != null) {
            removeAll();
            content = null;
            load();
        }
    }
}
