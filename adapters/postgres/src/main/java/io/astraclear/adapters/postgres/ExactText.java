package io.astraclear.adapters.postgres;

import java.nio.charset.StandardCharsets;

/**
 * Strings as bytes that give back exactly the same string: UTF-8 when the string is well-formed
 * UTF-16 (nearly always), otherwise {@code 0xFF} followed by its UTF-16 code units, big-endian.
 * {@code 0xFF} never occurs in UTF-8, so the two forms cannot be confused. Plain UTF-8 would turn
 * a lone surrogate into '?', and a {@code text} column would refuse U+0000; a string the state
 * machine accepted (a bank's settlement reference, a reason) must never be changed or refused here.
 */
final class ExactText {
    private static final int UTF_16_MARK = 0xFF;

    private ExactText() {}

    static byte[] encode(String text) {
        if (wellFormed(text)) {
            return text.getBytes(StandardCharsets.UTF_8);
        }
        byte[] bytes = new byte[1 + 2 * text.length()];
        bytes[0] = (byte) UTF_16_MARK;
        for (int index = 0; index < text.length(); index++) {
            char unit = text.charAt(index);
            bytes[1 + 2 * index] = (byte) (unit >>> 8);
            bytes[2 + 2 * index] = (byte) unit;
        }
        return bytes;
    }

    static String decode(byte[] bytes) {
        return decode(bytes, 0, bytes.length);
    }

    static String decode(byte[] bytes, int offset, int length) {
        if (length == 0 || (bytes[offset] & 0xFF) != UTF_16_MARK) {
            return new String(bytes, offset, length, StandardCharsets.UTF_8);
        }
        if (length % 2 != 1) {
            throw new IllegalStateException("stored text is corrupt: an odd number of UTF-16 bytes");
        }
        char[] units = new char[(length - 1) / 2];
        for (int index = 0; index < units.length; index++) {
            units[index] = (char) (((bytes[offset + 1 + 2 * index] & 0xFF) << 8) | (bytes[offset + 2 + 2 * index] & 0xFF));
        }
        return new String(units);
    }

    private static boolean wellFormed(String text) {
        for (int index = 0; index < text.length(); index++) {
            char unit = text.charAt(index);
            if (Character.isHighSurrogate(unit)) {
                if (index + 1 == text.length() || !Character.isLowSurrogate(text.charAt(index + 1))) {
                    return false;
                }
                index++;
            } else if (Character.isLowSurrogate(unit)) {
                return false;
            }
        }
        return true;
    }
}
