package dev.modelyard.jobs.execution;

import dev.modelyard.base.InvalidInputException;
import java.util.ArrayList;
import java.util.List;

/**
 * Splits a job's command into the argument vector we hand to the operating system. There is no shell anywhere:
 * the rules below are the whole language, so a command cannot chain, redirect, substitute or glob.
 */
public final class CommandLine {

    /** The input field every error concerns. */
    public static final String FIELD = "command";
    public static final int MAX_LENGTH = 8192;
    public static final int MAX_ARGUMENTS = 1024;

    private CommandLine() {
    }

    /**
     * Splits a command into arguments: spaces/tabs separate; '…' is literal; "…" allows \" and \\ escapes (any
     * other backslash stays); outside quotes a backslash escapes the next character. Nothing is expanded or
     * interpreted: ; | &amp; &amp;&amp; $( ) ` &gt; &lt; * ~ and newlines stay literal characters inside arguments.
     * Empty command, unterminated quote, trailing backslash, NUL, more than 8192 chars or more than 1024 arguments
     * throw {@link InvalidInputException} for field "command" with a message naming the 1-based column.
     */
    public static List<String> split(String command) {
        if (command == null || command.isEmpty()) {
            throw error(0, "the command is empty; write the program to run, then its arguments");
        }
        if (command.length() > MAX_LENGTH) {
            throw error(MAX_LENGTH, "the command is longer than " + MAX_LENGTH + " characters");
        }
        int nul = command.indexOf('\0');
        if (nul >= 0) {
            throw error(nul, "the command contains a NUL character");
        }
        List<String> args = new ArrayList<>();
        StringBuilder arg = new StringBuilder();
        boolean inArg = false;
        int i = 0;
        while (i < command.length()) {
            char c = command.charAt(i);
            if (c == ' ' || c == '\t') {
                if (inArg) {
                    args.add(arg.toString());
                    arg.setLength(0);
                    inArg = false;
                }
                i++;
                continue;
            }
            if (!inArg) {
                if (args.size() == MAX_ARGUMENTS) {
                    throw error(i, "the command has more than " + MAX_ARGUMENTS + " arguments");
                }
                inArg = true;
            }
            i = switch (c) {
                case '\'' -> singleQuoted(command, i, arg);
                case '"' -> doubleQuoted(command, i, arg);
                case '\\' -> escaped(command, i, arg);
                default -> {
                    arg.append(c);
                    yield i + 1;
                }
            };
        }
        if (inArg) {
            args.add(arg.toString());
        }
        if (args.isEmpty()) {
            throw error(0, "the command is blank; write the program to run, then its arguments");
        }
        return List.copyOf(args);
    }

    /** Appends the text between the quote at {@code open} and its partner; returns the index after the partner. */
    private static int singleQuoted(String command, int open, StringBuilder arg) {
        int close = command.indexOf('\'', open + 1);
        if (close < 0) {
            throw unterminated(open, '\'');
        }
        arg.append(command, open + 1, close);
        return close + 1;
    }

    private static int doubleQuoted(String command, int open, StringBuilder arg) {
        int i = open + 1;
        while (i < command.length()) {
            char c = command.charAt(i);
            if (c == '"') {
                return i + 1;
            }
            boolean escape = c == '\\' && i + 1 < command.length()
                    && (command.charAt(i + 1) == '"' || command.charAt(i + 1) == '\\');
            arg.append(escape ? command.charAt(i + 1) : c);
            i += escape ? 2 : 1;
        }
        throw unterminated(open, '"');
    }

    private static int escaped(String command, int backslash, StringBuilder arg) {
        if (backslash + 1 == command.length()) {
            throw error(backslash, "the backslash at the end escapes nothing; write \\\\ for a backslash");
        }
        arg.append(command.charAt(backslash + 1));
        return backslash + 2;
    }

    private static InvalidInputException unterminated(int open, char quote) {
        return error(open, "the " + quote + " quote opened here is never closed");
    }

    private static InvalidInputException error(int position, String detail) {
        return new InvalidInputException(FIELD, "at column " + (position + 1) + ": " + detail);
    }
}
