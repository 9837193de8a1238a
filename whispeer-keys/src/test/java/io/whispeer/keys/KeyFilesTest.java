package io.whispeer.keys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Key files are written owner-only, read back whole, and refused when others can read them. */
class KeyFilesTest {
    @TempDir
    Path dir;

    @Test
    void aGeneratedKeyFileIsOwnerOnlyAndLoadsBack() throws IOException {
        Path file = dir.resolve("topic.key");
        KeyFiles.KeyFile written = KeyFiles.generate(file, 42);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        KeyFiles.KeyFile read = KeyFiles.load(file);
        assertThat(read.id()).isEqualTo(42);
        assertThat(read.material()).isEqualTo(written.material());
        assertThat(read.toString()).doesNotContain(Base64.getEncoder().encodeToString(read.material()));
    }

    @Test
    void aKeyFileReadableByOthersIsRefusedWithTheFix() throws IOException {
        Path file = dir.resolve("open.key");
        KeyFiles.generate(file, 1);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
        assertThatThrownBy(() -> KeyFiles.load(file)).isInstanceOf(IOException.class).hasMessageContaining("chmod 600");
    }

    @Test
    void anExistingFileIsNeverOverwritten() throws IOException {
        Path file = dir.resolve("k.key");
        KeyFiles.generate(file, 1);
        assertThatThrownBy(() -> KeyFiles.generate(file, 2)).hasMessageContaining("refusing to overwrite");
    }

    @Test
    void aMalformedFileIsRefusedWithoutQuotingIt() throws IOException {
        Path file = dir.resolve("bad.key");
        Files.writeString(file, "id=1\nkey=c2VjcmV0\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        assertThatThrownBy(() -> KeyFiles.load(file)).hasMessageContaining("not a whispeer key file").hasMessageNotContaining("c2VjcmV0");
    }
}
