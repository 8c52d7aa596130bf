package io.sagaengine.shipping;

import java.security.SecureRandom;

/** Tracking numbers such as {@code TRK-7Q2M9XK4D1PA}: 12 random characters, about 62 bits, unique in practice. */
final class TrackingNumbers {

    static final String PREFIX = "TRK-";
    private static final char[] ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789".toCharArray();
    private static final int LENGTH = 12;
    private static final SecureRandom RANDOM = new SecureRandom();

    private TrackingNumbers() {
    }

    static String next() {
        StringBuilder number = new StringBuilder(PREFIX.length() + LENGTH).append(PREFIX);
        for (int i = 0; i < LENGTH; i++) {
            number.append(ALPHABET[RANDOM.nextInt(ALPHABET.length)]);
        }
        return number.toString();
    }
}
