package org.spikeport.core.files;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import org.spikeport.core.SpikeportException;

/** SHA-256 fingerprints of files and bytes, as lower-case hex. */
public final class FileHashes {

    private FileHashes() {
    }

    /** SHA-256 of a file's content. */
    public static String sha256(Path file) {
        MessageDigest md = digest();
        byte[] buffer = new byte[1 << 16];
        try (InputStream in = Files.newInputStream(file)) {
            int n;
            while ((n = in.read(buffer)) > 0) {
                md.update(buffer, 0, n);
            }
        } catch (IOException e) {
            throw new SpikeportException(file + ": cannot read to fingerprint it (" + AtomicFiles.reason(e) + ")", e);
        }
        return HexFormat.of().formatHex(md.digest());
    }

    /** SHA-256 of bytes. */
    public static String sha256(byte[] bytes) {
        return HexFormat.of().formatHex(digest().digest(bytes));
    }

    private static MessageDigest digest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JVM has no SHA-256", e);
        }
    }
}
