package dev.modelyard.jobs.execution;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** A process and its descendants, as signals must see them. */
final class ProcessTree {

    private static final boolean PROC_FS = Files.isDirectory(Path.of("/proc/self"));

    private ProcessTree() {
    }

    /**
     * The process and every descendant it has now. Taken before any signal is sent: once a parent dies its children
     * are re-parented and can no longer be found through it.
     */
    static List<ProcessHandle> snapshot(ProcessHandle root) {
        List<ProcessHandle> tree = new ArrayList<>();
        tree.add(root);
        root.descendants().forEach(tree::add);
        return tree;
    }

    /**
     * Whether the process still runs. A zombie (exited, not yet reaped by whoever inherited it) counts as ended:
     * Java reports zombies as alive, and when no init process reaps orphans they would stay "alive" for ever.
     */
    static boolean isRunning(ProcessHandle process) {
        if (!process.isAlive()) {
            return false;
        }
        if (!PROC_FS) {
            return true;
        }
        try {
            byte[] stat = Files.readAllBytes(Path.of("/proc", Long.toString(process.pid()), "stat"));
            // "pid (comm) state …": comm may hold anything, even ')', so the state follows the last ')'.
            int paren = lastIndexOf(stat, (byte) ')');
            if (paren < 0 || paren + 2 >= stat.length) {
                return true;
            }
            byte state = stat[paren + 2];
            return state != 'Z' && state != 'X';
        } catch (NoSuchFileException gone) {
            return false;
        } catch (IOException unreadable) {
            return process.isAlive();
        }
    }

    private static int lastIndexOf(byte[] bytes, byte wanted) {
        for (int i = bytes.length - 1; i >= 0; i--) {
            if (bytes[i] == wanted) {
                return i;
            }
        }
        return -1;
    }
}
