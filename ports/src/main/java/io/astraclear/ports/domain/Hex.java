package io.astraclear.ports.domain;

import java.util.HexFormat;

/** 0x-prefixed lower-case hex, the one text form of bytes in this code base. */
public final class Hex {
    private static final HexFormat HEX = HexFormat.of();

    private Hex() {}

    public static String encode(byte[] bytes) {
        return "0x" + HEX.formatHex(bytes);
    }

    /**
     * Decodes 0x-prefixed (or bare) hex of exactly {@code expectedBytes} bytes, or of any even length
     * when {@code expectedBytes} is negative.
     */
    public static byte[] decode(String text, int expectedBytes, String what) {
        if (text == null) {
            throw new IllegalArgumentException(what + " is missing");
        }
        String digits = text.startsWith("0x") || text.startsWith("0X") ? text.substring(2) : text;
        if (digits.length() % 2 != 0) {
            throw new IllegalArgumentException(what + " must have an even number of hex digits: " + abbreviate(text));
        }
        if (expectedBytes >= 0 && digits.length() != expectedBytes * 2) {
            throw new IllegalArgumentException(
                    what + " must be " + expectedBytes + " bytes (" + expectedBytes * 2 + " hex digits): " + abbreviate(text));
        }
        try {
            return HEX.parseHex(digits);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(what + " is not hex: " + abbreviate(text));
        }
    }

    static String abbreviate(String text) {
        return text.length() <= 80 ? text : text.substring(0, 77) + "...";
    }
}
