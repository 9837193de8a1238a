package io.whispeer.keys;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;

/**
 * Key files: a key id and 32 bytes of key material (a key, or a master secret for {@link KeyRings#derived}), in a
 * small text format, readable by the owner only.
 * <pre>
 * # whispeer key file v1: secret, keep it owner-readable only
 * id=42
 * key=&lt;32 bytes, base64&gt;
 * </pre>
 */
public final class KeyFiles {
    private static final String HEADER = "# whispeer key file v1: secret, keep it owner-readable only";
    private static final Set<PosixFilePermission> OWNER_ONLY = EnumSet.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
    private static final SecureRandom RANDOM = new SecureRandom();

    private KeyFiles() {
    }

    /**
     * A key read from a file.
     *
     * @param id  the key id
     * @param key the key material; never shown by {@link #toString()}
     */
    public record KeyFile(int id, SecretKey key) {
        /** {@return the raw key material, a copy: pass it to {@link KeyRings#derived} as a master secret} */
        public byte[] material() {
            return key.getEncoded();
        }

        /** {@return the id only} */
        @Override
        public String toString() {
            return "KeyFile[id=" + Integer.toUnsignedString(id) + ", key=<redacted>]";
        }
    }

    /**
     * Writes a new random key to a file that only its owner can read (created with those permissions from the
     * start, then moved into place).
     *
     * @param path  the file; must not exist
     * @param keyId the key id
     * @return what was written
     * @throws IOException when the file exists or cannot be written
     */
    public static KeyFile generate(Path path, int keyId) throws IOException {
        byte[] material = new byte[KeyRings.KEY_BYTES];
        RANDOM.nextBytes(material);
        try {
            if (Files.exists(path)) {
                throw new IOException("Key file " + path + " exists; refusing to overwrite a key");
            }
            Path dir = path.toAbsolutePath().getParent();
            Path temp = posix() ? Files.createTempFile(dir, ".whispeer-key", ".tmp", PosixFilePermissions.asFileAttribute(OWNER_ONLY))
                    : Files.createTempFile(dir, ".whispeer-key", ".tmp");
            String text = HEADER + "\nid=" + Integer.toUnsignedString(keyId) + "\nkey=" + Base64.getEncoder().encodeToString(material) + "\n";
            Files.writeString(temp, text, StandardCharsets.US_ASCII);
            Files.move(temp, path, StandardCopyOption.ATOMIC_MOVE);
            return new KeyFile(keyId, new SecretKeySpec(material, "AES"));
        } finally {
            Arrays.fill(material, (byte) 0);
        }
    }

    /**
     * Reads a key file.
     *
     * @param path the file
     * @return the key
     * @throws IOException when the file cannot be read, is readable by others, or is not a key file; the message
     *                     names the path and the fix, never the content
     */
    public static KeyFile load(Path path) throws IOException {
        if (posix()) {
            Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(path);
            if (!OWNER_ONLY.containsAll(permissions)) {
                throw new IOException("Key file " + path + " is readable or writable by others (" + PosixFilePermissions.toString(permissions)
                        + "); run chmod 600 " + path + " and check who may have read it");
            }
        }
        List<String> lines = Files.readAllLines(path, StandardCharsets.US_ASCII);
        Integer id = null;
        byte[] material = null;
        for (String line : lines) {
            if (line.startsWith("id=")) {
                try {
                    id = Integer.parseUnsignedInt(line.substring(3).trim());
                } catch (NumberFormatException e) {
                    throw new IOException("Key file " + path + " has an id line that is not an unsigned 32-bit number");
                }
            } else if (line.startsWith("key=")) {
                try {
                    material = Base64.getDecoder().decode(line.substring(4).trim());
                } catch (IllegalArgumentException e) {
                    throw new IOException("Key file " + path + " has a key line that is not base64");
                }
            }
        }
        if (id == null || material == null || material.length != KeyRings.KEY_BYTES) {
            throw new IOException("Key file " + path + " is not a whispeer key file: it needs an id= line and a key= line of "
                    + KeyRings.KEY_BYTES + " base64 bytes");
        }
        try {
            return new KeyFile(id, new SecretKeySpec(material, "AES"));
        } finally {
            Arrays.fill(material, (byte) 0);
        }
    }

    private static boolean posix() {
        return FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
    }
}
