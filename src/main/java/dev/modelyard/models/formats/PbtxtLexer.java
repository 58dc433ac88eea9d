package dev.modelyard.models.formats;

import dev.modelyard.models.formats.PbtxtToken.Type;
import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/** Splits protobuf text format into tokens, tracking 1-based line and column; '#' starts a comment. */
final class PbtxtLexer {

    private static final String SYMBOLS = "{}<>[]:,;-";
    /** Longer number literals are not real configuration, and parsing huge ones costs quadratic time. */
    private static final int MAX_NUMBER_LENGTH = 100;

    private final String text;
    private int pos;
    private int line = 1;
    private int column = 1;
    private PbtxtToken peeked;

    PbtxtLexer(String text) {
        this.text = text;
    }

    /** The next token, without consuming it. */
    PbtxtToken peek() {
        if (peeked == null) {
            peeked = scan();
        }
        return peeked;
    }

    /** The next token, consumed. */
    PbtxtToken next() {
        PbtxtToken token = peek();
        peeked = null;
        return token;
    }

    private PbtxtToken scan() {
        skipSpaceAndComments();
        int startLine = line;
        int startColumn = column;
        if (atEnd()) {
            return new PbtxtToken(Type.END, "", null, startLine, startColumn);
        }
        char c = current();
        if (isIdentifierStart(c)) {
            int start = pos;
            while (!atEnd() && isIdentifierPart(current())) {
                advance();
            }
            String word = text.substring(start, pos);
            return new PbtxtToken(Type.IDENTIFIER, word, word, startLine, startColumn);
        }
        if (isDigit(c) || c == '.' && pos + 1 < text.length() && isDigit(text.charAt(pos + 1))) {
            return number(startLine, startColumn);
        }
        if (c == '"' || c == '\'') {
            return string(startLine, startColumn);
        }
        if (SYMBOLS.indexOf(c) >= 0) {
            advance();
            return new PbtxtToken(Type.SYMBOL, String.valueOf(c), null, startLine, startColumn);
        }
        throw new PbtxtException(startLine, startColumn, "unexpected character " + describe(c));
    }

    private void skipSpaceAndComments() {
        while (!atEnd()) {
            char c = current();
            if (c == '#') {
                while (!atEnd() && current() != '\n') {
                    advance();
                }
            } else if (c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f' || c == '\u000B') {
                advance();
            } else {
                return;
            }
        }
    }

    private PbtxtToken number(int startLine, int startColumn) {
        int start = pos;
        if (current() == '0' && pos + 1 < text.length() && (text.charAt(pos + 1) | 0x20) == 'x') {
            advance();
            advance();
            int digits = pos;
            while (!atEnd() && Character.digit(current(), 16) >= 0) {
                advance();
            }
            if (pos == digits) {
                throw new PbtxtException(startLine, startColumn, "hexadecimal number needs digits after 0x");
            }
            String literal = checkEndOfNumber(start, startLine, startColumn);
            return new PbtxtToken(Type.INTEGER, literal, new BigInteger(text.substring(digits, pos), 16),
                    startLine, startColumn);
        }
        boolean isFloat = false;
        skipDigits();
        if (!atEnd() && current() == '.') {
            isFloat = true;
            advance();
            skipDigits();
        }
        if (!atEnd() && (current() | 0x20) == 'e') {
            isFloat = true;
            advance();
            if (!atEnd() && (current() == '+' || current() == '-')) {
                advance();
            }
            int digits = pos;
            skipDigits();
            if (pos == digits) {
                throw new PbtxtException(startLine, startColumn, "number needs digits after its exponent");
            }
        }
        String digitsOnly = text.substring(start, pos);
        if (!atEnd() && (current() | 0x20) == 'f') {
            isFloat = true;
            advance();
        }
        String literal = checkEndOfNumber(start, startLine, startColumn);
        if (isFloat) {
            return new PbtxtToken(Type.FLOAT, literal, Double.parseDouble(digitsOnly), startLine, startColumn);
        }
        return new PbtxtToken(Type.INTEGER, literal, integer(literal, startLine, startColumn), startLine, startColumn);
    }

    private static BigInteger integer(String literal, int line, int column) {
        // As in C and protobuf, a leading zero means octal.
        if (literal.length() > 1 && literal.charAt(0) == '0') {
            if (!literal.chars().allMatch(c -> c >= '0' && c <= '7')) {
                throw new PbtxtException(line, column, "invalid octal number '" + literal + "'");
            }
            return new BigInteger(literal, 8);
        }
        return new BigInteger(literal);
    }

    /** Refuses a number glued to letters or dots (1x, 1.2.3) and returns the literal. */
    private String checkEndOfNumber(int start, int startLine, int startColumn) {
        if (!atEnd() && (isIdentifierPart(current()) || current() == '.')) {
            while (!atEnd() && (isIdentifierPart(current()) || current() == '.')) {
                advance();
            }
            throw new PbtxtException(startLine, startColumn, "invalid number '" + shorten(text.substring(start, pos)) + "'");
        }
        if (pos - start > MAX_NUMBER_LENGTH) {
            throw new PbtxtException(startLine, startColumn, "number is longer than " + MAX_NUMBER_LENGTH + " characters");
        }
        return text.substring(start, pos);
    }

    private PbtxtToken string(int startLine, int startColumn) {
        char quote = current();
        advance();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        int runStart = pos;
        while (true) {
            if (atEnd() || current() == '\n') {
                throw new PbtxtException(startLine, startColumn,
                        "unterminated string: a string must close with " + quote + " on the line it starts");
            }
            char c = current();
            if (c == quote || c == '\\') {
                bytes.writeBytes(text.substring(runStart, pos).getBytes(StandardCharsets.UTF_8));
                if (c == quote) {
                    advance();
                    break;
                }
                escape(bytes, startLine, startColumn);
                runStart = pos;
            } else {
                advance();
            }
        }
        String value = utf8(bytes.toByteArray(), startLine, startColumn);
        return new PbtxtToken(Type.STRING, value, value, startLine, startColumn);
    }

    /** Decodes one C-style escape; octal and hex escapes give raw bytes, as protobuf strings are bytes. */
    private void escape(ByteArrayOutputStream bytes, int startLine, int startColumn) {
        int escapeLine = line;
        int escapeColumn = column;
        advance();
        if (atEnd() || current() == '\n') {
            throw new PbtxtException(startLine, startColumn, "unterminated string");
        }
        char e = current();
        advance();
        switch (e) {
            case 'n' -> bytes.write('\n');
            case 't' -> bytes.write('\t');
            case 'r' -> bytes.write('\r');
            case 'a' -> bytes.write(7);
            case 'b' -> bytes.write('\b');
            case 'f' -> bytes.write('\f');
            case 'v' -> bytes.write(11);
            case '\\', '\'', '"', '?' -> bytes.write(e);
            case 'x', 'X' -> bytes.write(digits(16, 1, 2, escapeLine, escapeColumn));
            case 'u' -> codePoint(bytes, digits(16, 4, 4, escapeLine, escapeColumn), escapeLine, escapeColumn);
            case 'U' -> codePoint(bytes, digits(16, 8, 8, escapeLine, escapeColumn), escapeLine, escapeColumn);
            default -> {
                if (e < '0' || e > '7') {
                    throw new PbtxtException(escapeLine, escapeColumn, "unknown escape '\\" + e + "' in string");
                }
                int value = e - '0';
                int more = 0;
                while (more < 2 && !atEnd() && current() >= '0' && current() <= '7') {
                    value = value * 8 + (current() - '0');
                    advance();
                    more++;
                }
                if (value > 0xFF) {
                    throw new PbtxtException(escapeLine, escapeColumn, "octal escape is larger than one byte");
                }
                bytes.write(value);
            }
        }
    }

    private int digits(int radix, int min, int max, int escapeLine, int escapeColumn) {
        long value = 0;
        int count = 0;
        while (count < max && !atEnd() && Character.digit(current(), radix) >= 0) {
            value = value * radix + Character.digit(current(), radix);
            advance();
            count++;
        }
        if (count < min) {
            throw new PbtxtException(escapeLine, escapeColumn, "escape needs " + (min == max ? "" : "at least ")
                    + min + " hexadecimal digit" + (min == 1 ? "" : "s"));
        }
        return (int) Math.min(value, Integer.MAX_VALUE);
    }

    private static void codePoint(ByteArrayOutputStream bytes, int codePoint, int line, int column) {
        if (codePoint > Character.MAX_CODE_POINT || codePoint >= 0xD800 && codePoint <= 0xDFFF) {
            throw new PbtxtException(line, column, "escape is not a valid Unicode code point");
        }
        bytes.writeBytes(Character.toString(codePoint).getBytes(StandardCharsets.UTF_8));
    }

    private static String utf8(byte[] bytes, int line, int column) {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new PbtxtException(line, column, "string is not valid UTF-8 once its escapes are decoded");
        }
    }

    private void skipDigits() {
        while (!atEnd() && isDigit(current())) {
            advance();
        }
    }

    private void advance() {
        if (text.charAt(pos) == '\n') {
            line++;
            column = 1;
        } else {
            column++;
        }
        pos++;
    }

    private boolean atEnd() {
        return pos >= text.length();
    }

    private char current() {
        return text.charAt(pos);
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static boolean isIdentifierStart(char c) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '_';
    }

    private static boolean isIdentifierPart(char c) {
        return isIdentifierStart(c) || isDigit(c);
    }

    private static String describe(char c) {
        return c >= 0x20 && c < 0x7F ? "'" + c + "'" : String.format("U+%04X", (int) c);
    }

    private static String shorten(String s) {
        return s.length() > 40 ? s.substring(0, 40) + "…" : s;
    }
}
