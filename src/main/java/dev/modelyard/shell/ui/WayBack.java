package dev.modelyard.shell.ui;

import com.vaadin.flow.component.html.Anchor;
import com.vaadin.flow.router.Location;
import java.util.List;

/**
 * The link an error view offers back: within a workspace, to the list the missing or refused page belongs to (a
 * job's page → that workspace's Jobs, anything else → its Models); outside one, to the Models of the workspace the
 * user works in.
 */
final class WayBack {

    private WayBack() {
    }

    static Anchor from(Location location) {
        List<String> segments = location.getSegments();
        Anchor back = new Anchor();
        if (segments.size() >= 2 && segments.get(0).equals("w") && !segments.get(1).isBlank()) {
            String base = "w/" + segments.get(1) + "/";
            boolean jobs = segments.size() >= 3 && segments.get(2).equals("jobs");
            back.setHref(base + (jobs ? "jobs" : "models"));
            back.setText(jobs ? "Back to Jobs" : "Back to Models");
        } else {
            back.setHref("");
            back.setText("Back to Models");
        }
        return back;
    }
}
