package dev.modelyard.models.ui;

/** Service messages are written to fit after "error: "; on a form they stand alone as sentences. */
final class UiText {

    private UiText() {
    }

    /** Returns the message with a capital first letter and a full stop. */
    static String sentence(String message) {
        if (message == null || message.isBlank()) {
            return "";
        }
        String text = Character.toUpperCase(message.charAt(0)) + message.substring(1);
        return text.endsWith(".") || text.endsWith("?") || text.endsWith("!") ? text : text + ".";
    }
}
