package dev.identity.platform;

/** A size in bytes as people write it in a message: 16 KiB, 1 GiB. */
public final class ByteSizes {

    private ByteSizes() {
    }

    public static String describe(long bytes) {
        if (bytes > 0 && bytes % (1L << 30) == 0) {
            return (bytes >> 30) + " GiB";
        }
        if (bytes > 0 && bytes % (1L << 20) == 0) {
            return (bytes >> 20) + " MiB";
        }
        return bytes > 0 && bytes % 1024 == 0 ? (bytes >> 10) + " KiB" : bytes + " bytes";
    }
}
