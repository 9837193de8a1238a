package io.whispeer.api.spi;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.nio.file.attribute.UserPrincipalNotFoundException;
import java.util.EnumSet;
import java.util.Set;

/**
 * Checks, before a secret file is read, that only its owner can read it, that the owner is the user running this
 * process, and that its directory cannot be written by anyone else (who could otherwise swap the file). POSIX file
 * systems only: elsewhere (Windows NTFS, FAT) nothing is checked, and access control lists are the user's business.
 * For every module that reads secrets from files: key files ({@code whispeer-keys}), Tink keysets
 * ({@code whispeer-crypto-aesgcm}), and later credential files.
 */
public final class SecretFiles {
    private static final Set<PosixFilePermission> OTHERS = EnumSet.of(PosixFilePermission.GROUP_READ, PosixFilePermission.GROUP_WRITE,
            PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_WRITE,
            PosixFilePermission.OTHERS_EXECUTE);
    private static final Set<PosixFilePermission> WRITE_BY_OTHERS = EnumSet.of(PosixFilePermission.GROUP_WRITE, PosixFilePermission.OTHERS_WRITE);

    private SecretFiles() {
    }

    /** {@return whether the default file system has POSIX permissions} */
    public static boolean posix() {
        return FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
    }

    /**
     * Refuses a secret file that others may read or replace.
     *
     * @param what what the file holds, for the messages ("Key file", "Tink keyset file")
     * @param path the file
     * @throws IOException naming the path, the permissions or owner found, and the fix
     */
    public static void check(String what, Path path) throws IOException {
        if (!posix()) {
            return;
        }
        Path real = path.toRealPath(); // a symbolic link is judged by the file and directory it leads to
        Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(real);
        if (permissions.stream().anyMatch(OTHERS::contains)) {
            throw new IOException(what + " " + path + " is readable or writable by others (" + PosixFilePermissions.toString(permissions)
                    + "); run chmod 600 " + path + " and check who may have read it");
        }
        UserPrincipal owner = Files.getOwner(real);
        UserPrincipal self = processUser(path);
        if (self != null && !self.equals(owner)) {
            throw new IOException(what + " " + path + " is owned by " + owner.getName() + ", not by " + self.getName()
                    + ", the user running this process; run chown " + self.getName() + " " + path
                    + " if the file is yours, or ask its owner for a copy");
        }
        Path dir = real.getParent();
        if (dir != null) {
            Set<PosixFilePermission> dirPermissions = Files.getPosixFilePermissions(dir);
            if (dirPermissions.stream().anyMatch(WRITE_BY_OTHERS::contains)) {
                throw new IOException(what + " " + path + " is in directory " + dir + ", which others can write ("
                        + PosixFilePermissions.toString(dirPermissions) + ") and so replace the file; run chmod go-w " + dir
                        + " or move the file to a directory only you can write");
            }
        }
    }

    private static UserPrincipal processUser(Path path) throws IOException {
        String name = System.getProperty("user.name");
        if (name == null || name.isEmpty()) {
            return null;
        }
        try {
            return path.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName(name);
        } catch (UserPrincipalNotFoundException e) {
            // The process runs as a user with no name (an arbitrary container uid): the owner cannot be compared.
            return null;
        }
    }
}
