package io.whispeer.keys;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;

import io.whispeer.api.spi.SecretFiles;

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
     * Writes a new random key to a file that only its owner can read. The key is written to a temporary file in the
     * same directory, created {@code rw-------} from the start, and then hard-linked to {@code path}; the link fails
     * when {@code path} exists, so a key file is never replaced, and of two generators racing for one path exactly one
     * succeeds. On file systems without hard links the file is created with {@code CREATE_NEW} instead (it also
     * fails when the file exists). On file systems without POSIX permissions (Windows) the file gets the directory's
     * default access control list: keep key files in a directory only you can read.
     *
     * @param path  the file; must not exist
     * @param keyId the key id
     * @return what was written
     * @throws IOException when the file exists (the message names it) or cannot be written
     */
    public static KeyFile generate(Path path, int keyId) throws IOException {
        Objects.requireNonNull(path, "path");
        byte[] material = new byte[KeyRings.KEY_BYTES];
        RANDOM.nextBytes(material);
        byte[] text = (HEADER + "\nid=" + Integer.toUnsignedString(keyId) + "\nkey=" + Base64.getEncoder().encodeToString(material) + "\n")
                .getBytes(StandardCharsets.US_ASCII);
        try {
            Path dir = path.toAbsolutePath().getParent();
            Path temp = SecretFiles.posix()
                    ? Files.createTempFile(dir, ".whispeer-key", ".tmp", PosixFilePermissions.asFileAttribute(OWNER_ONLY))
                    : Files.createTempFile(dir, ".whispeer-key", ".tmp");
            try {
                Files.write(temp, text);
                try {
                    Files.createLink(path, temp);
                } catch (UnsupportedOperationException | FileSystemException e) {
                    if (e instanceof FileAlreadyExistsException) {
                        throw e;
                    }
                    writeNew(path, text);
                }
            } catch (FileAlreadyExistsException e) {
                throw new FileAlreadyExistsException(path.toString(), null, "Key file " + path
                        + " exists; refusing to overwrite a key. Delete it first if it is really no longer needed, or choose another path");
            } finally {
                Files.deleteIfExists(temp);
            }
            return new KeyFile(keyId, new SecretKeySpec(material, "AES"));
        } finally {
            Arrays.fill(material, (byte) 0);
            Arrays.fill(text, (byte) 0);
        }
    }

    private static void writeNew(Path path, byte[] text) throws IOException {
        Set<StandardOpenOption> options = EnumSet.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        try (SeekableByteChannel channel = SecretFiles.posix()
                ? Files.newByteChannel(path, options, PosixFilePermissions.asFileAttribute(OWNER_ONLY))
                : Files.newByteChannel(path, options)) {
            ByteBuffer buffer = ByteBuffer.wrap(text);
            while (buffer.hasRemaining()) {
                channel.write(buffer);
            }
        }
    }

    /**
     * Reads a key file.
     *
     * @param path the file
     * @return the key
     * @throws IOException when the file cannot be read, is not a key file, or (on POSIX file systems) group or others
     *                     have any permission on it, it is owned by another user than the one running this process,
     *                     or its directory is writable by group or others; the message names the path, what was
     *                     found and the fix, never the content
     */
    public static KeyFile load(Path path) throws IOException {
        Objects.requireNonNull(path, "path");
        SecretFiles.check("Key file", path);
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
}
