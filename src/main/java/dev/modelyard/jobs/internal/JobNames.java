package dev.modelyard.jobs.internal;

import java.security.SecureRandom;

/** Readable, unique-enough job names like {@code bold_river_7k2p9q}; uniqueness is the database's to enforce. */
public final class JobNames {

    private static final String[] ADJECTIVES = {"bold", "calm", "keen", "brave", "quick", "quiet", "bright", "clever",
        "eager", "gentle", "happy", "jolly", "lucky", "mellow", "nimble", "plucky", "proud", "sharp", "shiny", "sunny",
        "swift", "tidy", "vivid", "witty", "zesty", "amber", "coral", "ivory", "olive", "teal"};
    private static final String[] NOUNS = {"river", "forest", "falcon", "meadow", "harbor", "canyon", "comet", "island",
        "lantern", "maple", "orchid", "pebble", "planet", "prairie", "raven", "reef", "ridge", "sparrow", "spruce",
        "summit", "tiger", "tulip", "valley", "willow", "answer", "beacon", "cactus", "dune", "ember", "glacier"};
    private static final char[] ALPHABET = "0123456789abcdefghijklmnopqrstuvwxyz".toCharArray();
    private static final SecureRandom RANDOM = new SecureRandom();

    private JobNames() {
    }

    public static String next() {
        StringBuilder name = new StringBuilder()
                .append(ADJECTIVES[RANDOM.nextInt(ADJECTIVES.length)]).append('_')
                .append(NOUNS[RANDOM.nextInt(NOUNS.length)]).append('_');
        for (int i = 0; i < 6; i++) {
            name.append(ALPHABET[RANDOM.nextInt(ALPHABET.length)]);
        }
        return name.toString();
    }
}
