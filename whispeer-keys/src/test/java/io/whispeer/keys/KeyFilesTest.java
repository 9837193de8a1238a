package io.whispeer.keys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Key files are written owner-only and never replaced, read back whole, and refused when others can read or swap them. */
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
    void ofTwoConcurrentGeneratorsForOnePathExactlyOneWinsAndTheOtherFailsNamingThePath() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            for (int round = 0; round < 50; round++) {
                Path file = dir.resolve("race-" + round + ".key");
                CyclicBarrier start = new CyclicBarrier(2);
                List<Future<KeyFiles.KeyFile>> results = new ArrayList<>();
                for (int id = 1; id <= 2; id++) {
                    int keyId = id;
                    results.add(pool.submit(() -> {
                        start.await(10, TimeUnit.SECONDS);
                        return KeyFiles.generate(file, keyId);
                    }));
                }
                List<KeyFiles.KeyFile> won = new ArrayList<>();
                List<Throwable> lost = new ArrayList<>();
                for (Future<KeyFiles.KeyFile> result : results) {
                    try {
                        won.add(result.get(10, TimeUnit.SECONDS));
                    } catch (ExecutionException e) {
                        lost.add(e.getCause());
                    }
                }
                assertThat(won).as("round %d: generators that succeeded", round).hasSize(1);
                assertThat(lost).singleElement().isInstanceOf(FileAlreadyExistsException.class)
                        .extracting(Throwable::getMessage).asString().contains(file.toString()).contains("refusing to overwrite");
                assertThat(KeyFiles.load(file).material()).as("round %d: the file holds the winner's key", round).isEqualTo(won.get(0).material());
            }
        } finally {
            pool.shutdownNow();
        }
        try (Stream<Path> left = Files.list(dir)) {
            assertThat(left.map(p -> p.getFileName().toString())).as("no temporary files are left behind").allMatch(n -> n.endsWith(".key"));
        }
    }

    @Test
    void aKeyFileInADirectoryOthersCanWriteIsRefusedNamingTheDirectoryAndTheFix() throws IOException {
        Path shared = Files.createDirectory(dir.resolve("shared"));
        Path file = shared.resolve("k.key");
        KeyFiles.generate(file, 1);
        Files.setPosixFilePermissions(shared, PosixFilePermissions.fromString("rwxrwxr-x"));
        assertThatThrownBy(() -> KeyFiles.load(file)).isInstanceOf(IOException.class).hasMessageContaining(file.toString())
                .hasMessageContaining("rwxrwxr-x").hasMessageContaining("chmod go-w " + shared);
    }

    @Test
    void aKeyFileReadableByTheGroupIsRefusedNamingThePermissionsFound() throws IOException {
        Path file = dir.resolve("group.key");
        KeyFiles.generate(file, 1);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r-----"));
        assertThatThrownBy(() -> KeyFiles.load(file)).hasMessageContaining(file.toString()).hasMessageContaining("rw-r-----")
                .hasMessageContaining("chmod 600");
    }

    @Test
    void aKeyFileOwnedByAnotherUserIsRefusedNamingTheOwner() throws IOException {
        Path file = dir.resolve("theirs.key");
        KeyFiles.generate(file, 1);
        UserPrincipal nobody;
        try {
            nobody = file.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName("nobody");
            Files.setOwner(file, nobody);
        } catch (IOException e) {
            Assumptions.abort("changing a file's owner needs root and a user 'nobody' (" + e + ")");
            return;
        }
        assertThatThrownBy(() -> KeyFiles.load(file)).hasMessageContaining(file.toString()).hasMessageContaining("owned by nobody")
                .hasMessageContaining("chown");
    }

    @Test
    void aMalformedFileIsRefusedWithoutQuotingIt() throws IOException {
        Path file = dir.resolve("bad.key");
        Files.writeString(file, "id=1\nkey=c2VjcmV0\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        assertThatThrownBy(() -> KeyFiles.load(file)).hasMessageContaining("not a whispeer key file").hasMessageNotContaining("c2VjcmV0");
    }
}
