package dev.modelyard.models.formats;

import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Checks the layout of a Triton model repository and reads each model's config.pbtxt. The upload is
 * either a repository ({@code <model>/config.pbtxt}, {@code <model>/<version>/...}) or one model folder.
 */
final class TritonInspector {

    static final String CONFIG = "config.pbtxt";
    /** Triton ignores version folders with a leading zero; 18 digits keep the number within a long. */
    private static final Pattern VERSION = Pattern.compile("[1-9][0-9]{0,17}");

    private TritonInspector() {
    }

    /** True for {@code <folder>/config.pbtxt} exactly one level below the upload root. */
    static boolean isModelFolderConfig(String path) {
        int slash = path.indexOf('/');
        return slash > 0 && path.substring(slash + 1).equals(CONFIG);
    }

    /** The models of a valid repository upload. */
    static TritonFormat inspect(ModelFileSource files) {
        List<String> paths = files.paths();
        boolean atRoot = paths.contains(CONFIG);
        SortedSet<String> configured = paths.stream()
                .filter(TritonInspector::isModelFolderConfig)
                .map(p -> p.substring(0, p.indexOf('/')))
                .collect(Collectors.toCollection(TreeSet::new));
        if (!atRoot && configured.isEmpty()) {
            throw missingConfig(paths);
        }
        if (atRoot) {
            if (!configured.isEmpty()) {
                throw new ModelFormatException("the upload has config.pbtxt at its root and also in "
                        + configured.first() + "/" + CONFIG + "; upload either one model folder or a repository of "
                        + "model folders");
            }
            return new TritonFormat(List.of(model(files, null)));
        }
        // Triton treats every folder of a repository as a model, so one without a config would fail to load.
        SortedSet<String> folders = paths.stream().filter(p -> p.contains("/"))
                .map(p -> p.substring(0, p.indexOf('/')))
                .collect(Collectors.toCollection(TreeSet::new));
        for (String folder : folders) {
            if (!configured.contains(folder)) {
                throw new ModelFormatException("folder '" + folder + "' has no config.pbtxt; in a Triton model "
                        + "repository every folder is a model and needs one");
            }
        }
        return new TritonFormat(folders.stream().map(folder -> model(files, folder)).toList());
    }

    private static TritonModel model(ModelFileSource files, String folder) {
        String prefix = folder == null ? "" : folder + "/";
        String label = folder == null ? CONFIG : CONFIG + " of model '" + folder + "'";
        List<String> versions = versions(files.paths(), prefix);
        if (versions.isEmpty()) {
            String model = folder == null ? "the Triton model at the root of the upload" : "Triton model '" + folder + "'";
            throw new ModelFormatException(model + " has no version folder: put its files in a numeric folder such as "
                    + prefix + "1/");
        }
        PbtxtMessage config;
        try {
            config = PbtxtParser.parse(UploadText.read(files, prefix + CONFIG, label));
        } catch (PbtxtException e) {
            throw new ModelFormatException(label + ": " + e.getMessage());
        }
        return new TritonConfigMapper(label).map(config, folder, folder == null ? "" : folder, versions);
    }

    /** Numeric subfolders of the model folder that hold at least one file, in numeric order. */
    private static List<String> versions(List<String> paths, String prefix) {
        return paths.stream()
                .filter(p -> p.startsWith(prefix))
                .map(p -> p.substring(prefix.length()))
                .filter(rest -> rest.indexOf('/') > 0)
                .map(rest -> rest.substring(0, rest.indexOf('/')))
                .filter(segment -> VERSION.matcher(segment).matches())
                .distinct()
                .sorted(Comparator.comparingLong(Long::parseLong))
                .toList();
    }

    private static ModelFormatException missingConfig(List<String> paths) {
        String message = "a Triton model repository needs <model>/config.pbtxt for each model (or config.pbtxt at "
                + "the root when the upload is one model folder)";
        Optional<String> deeper = paths.stream().filter(p -> p.endsWith("/" + CONFIG))
                .min(Comparator.comparingLong((String p) -> p.chars().filter(c -> c == '/').count())
                        .thenComparing(Comparator.naturalOrder()));
        return new ModelFormatException(deeper
                .map(p -> message + "; found " + p + " — upload the folder that holds the model folders")
                .orElse(message));
    }
}
