package dev.modelyard.models;

import java.util.ArrayList;
import java.util.List;

/**
 * What a model or version listing is narrowed to. Tag conditions are ANDed.
 *
 * @param query a query in Modelyard's query language (see {@code dev.modelyard.search}), or null for all
 */
public record ModelFilter(String query, ModelType type, List<TagCondition> tags, ArchivedFilter archived) {

    public ModelFilter {
        tags = tags == null ? List.of() : List.copyOf(tags);
        archived = archived == null ? ArchivedFilter.ACTIVE : archived;
    }

    public static ModelFilter all() {
        return new ModelFilter(null, null, List.of(), ArchivedFilter.ACTIVE);
    }

    /** A tag that must be present ({@code value} null) or have exactly that value. */
    public record TagCondition(String key, String value) {

        /** Parses {@code key} or {@code key=value}. */
        public static TagCondition parse(String raw) {
            int eq = raw.indexOf('=');
            return eq < 0 ? new TagCondition(raw, null) : new TagCondition(raw.substring(0, eq), raw.substring(eq + 1));
        }
    }

    public ModelFilter withQuery(String newQuery) {
        return new ModelFilter(newQuery, type, tags, archived);
    }

    public ModelFilter withType(ModelType newType) {
        return new ModelFilter(query, newType, tags, archived);
    }

    public ModelFilter withTag(String key, String value) {
        List<TagCondition> more = new ArrayList<>(tags);
        more.add(new TagCondition(key, value));
        return new ModelFilter(query, type, more, archived);
    }

    public ModelFilter withArchived(ArchivedFilter newArchived) {
        return new ModelFilter(query, type, tags, newArchived);
    }
}
