package dev.modelyard.artifacts;

import static dev.modelyard.artifacts.TestArchives.utf8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.modelyard.base.PayloadTooLargeException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;

class StagedUploadTest {

    @TempDir
    Path temp;

    Path root;

    @BeforeEach
    void setUp() {
        root = temp.resolve("staging");
    }

    @Test
    void stagesNestedFilesWithTheirSizeAndSha256InInsertionOrder() throws Exception {
        byte[] weights = new byte[300_000];
        new Random(7).nextBytes(weights);
        try (StagedUpload upload = StagedUpload.create(root, UploadLimits.defaults())) {
            upload.addFile("model/MLmodel", stream(utf8("flavors: {}\n")));
            upload.addFile("model/data/model.pkl", stream(weights));
            upload.addFile("empty.txt", stream(new byte[0]));

            assertThat(upload.files()).extracting(StagedFile::path)
                    .containsExactly("model/MLmodel", "model/data/model.pkl", "empty.txt");
            StagedFile pickle = upload.file("model/data/model.pkl").orElseThrow();
            assertThat(pickle.size()).isEqualTo(weights.length);
            assertThat(pickle.sha256()).isEqualTo(sha256(weights));
            assertThat(upload.file("empty.txt").orElseThrow().sha256())
                    .isEqualTo("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
            assertThat(upload.totalBytes()).isEqualTo(weights.length + 12);
            try (InputStream back = upload.open("model/data/model.pkl")) {
                assertThat(back.readAllBytes()).isEqualTo(weights);
            }
        }
    }

    @Test
    void writesBytesUnderServerChosenNamesInAPrivateUuidFolder() {
        try (StagedUpload upload = StagedUpload.create(root, UploadLimits.defaults())) {
            upload.addFile("model/weights.bin", stream(utf8("abc")));

            Path blob = upload.localFile("model/weights.bin");
            assertThat(blob.getParent()).isEqualTo(upload.directory());
            assertThat(blob.getFileName().toString()).matches("\\d{6}\\.blob");
            assertThat(upload.directory().getParent()).isEqualTo(root);
            assertThat(upload.directory().getFileName().toString()).matches("[0-9a-f-]{36}");
            try {
                assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(upload.directory())))
                        .isEqualTo("rwx------");
            } catch (UnsupportedOperationException | IOException notPosix) {
                // nothing to check on file systems without POSIX permissions
            }
        }
    }

    @Test
    void saysWhetherEveryFileCameOutOfAnArchive() {
        try (StagedUpload upload = StagedUpload.create(root, UploadLimits.defaults())) {
            upload.addArchive("m.zip", new ByteArrayInputStream(new TestArchives.Zip().file("m/MLmodel", "x").bytes()));
            assertThat(upload.onlyArchiveEntries()).isTrue();
            upload.addFile("README.md", new ByteArrayInputStream(utf8("plain")));
            assertThat(upload.onlyArchiveEntries()).isFalse();
        }
        try (StagedUpload empty = StagedUpload.create(root, UploadLimits.defaults())) {
            assertThat(empty.onlyArchiveEntries()).as("no files, nothing to unwrap").isFalse();
        }
    }

    @Test
    void guessesMediaTypesFromNames() {
        try (StagedUpload upload = StagedUpload.create(root, UploadLimits.defaults())) {
            for (String name : new String[] {"MLmodel", "conda.yaml", "b.yml", "config.pbtxt", "c.json",
                    "requirements.txt", "d.csv", "README.md", "e.py", "model.onnx", "model.pkl", "f.png", "noext"}) {
                upload.addFile("m/" + name, stream(new byte[0]));
            }
            assertThat(upload.files()).extracting(StagedFile::mediaType).containsExactly(
                    "application/yaml", "application/yaml", "application/yaml", "text/plain", "application/json",
                    "text/plain", "text/csv", "text/markdown", "text/x-python", "application/octet-stream",
                    "application/octet-stream", "image/png", "application/octet-stream");
        }
    }

    @Test
    void allowsAnUploadOfZeroFiles() {
        try (StagedUpload upload = StagedUpload.create(root, UploadLimits.defaults())) {
            assertThat(upload.files()).isEmpty();
            assertThat(upload.totalBytes()).isZero();
        }
    }

    @Test
    void closeIsIdempotentAndRemovesEverything() {
        StagedUpload upload = StagedUpload.create(root, UploadLimits.defaults());
        upload.addFile("a/b.bin", stream(new byte[1000]));
        upload.close();
        upload.close();

        assertThat(root).isEmptyDirectory();
        assertThatThrownBy(() -> upload.addFile("c", stream(new byte[1])))
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void rejectsDuplicatePaths() {
        assertRejected(upload -> {
            upload.addFile("model/a.bin", stream(utf8("1")));
            upload.addFile("model/a.bin", stream(utf8("2")));
        }, "'model/a.bin' appears more than once");
    }

    @Test
    void rejectsPathsThatDifferOnlyInLetterCase() {
        assertRejected(upload -> {
            upload.addFile("Model.pkl", stream(utf8("1")));
            upload.addFile("model.pkl", stream(utf8("2")));
        }, "differ only in letter case");
        assertRejected(upload -> {
            upload.addFile("Models/a.pkl", stream(utf8("1")));
            upload.addFile("models/b.pkl", stream(utf8("2")));
        }, "'models' and 'Models' differ only in letter case");
    }

    @Test
    void rejectsAPathUsedAsBothFileAndFolder() {
        assertRejected(upload -> {
            upload.addFile("a", stream(utf8("1")));
            upload.addFile("a/b", stream(utf8("2")));
        }, "'a' is used both as a file and as a folder");
        assertRejected(upload -> {
            upload.addFile("a/b/c", stream(utf8("1")));
            upload.addFile("a/b", stream(utf8("2")));
        }, "'a/b' is used both as a file and as a folder");
    }

    @Test
    void rejectsMoreFilesThanAllowed() {
        UploadLimits three = new UploadLimits(3, 1 << 20, 1 << 20, 200, 1024);
        assertRejected(three, upload -> {
            for (int i = 0; i < 4; i++) {
                upload.addFile("f" + i, stream(utf8("x")));
            }
        }, PayloadTooLargeException.class, "more than 3 files");
    }

    @Test
    void stopsReadingAFileAsSoonAsItPassesThePerFileLimit() {
        UploadLimits small = new UploadLimits(10, 1 << 20, 1000, 200, 1024);
        EndlessStream endless = new EndlessStream();
        assertRejected(small, upload -> upload.addFile("huge.bin", endless),
                PayloadTooLargeException.class, "'huge.bin' is larger than the limit of 1000 bytes per file");
        assertThat(endless.served).isLessThanOrEqualTo(1001);
    }

    @Test
    void rejectsAnUploadPastTheTotalLimit() {
        UploadLimits small = new UploadLimits(10, 1000, 1000, 200, 1024);
        assertRejected(small, upload -> {
            upload.addFile("a.bin", stream(new byte[600]));
            upload.addFile("b.bin", stream(new byte[600]));
        }, PayloadTooLargeException.class, "larger than the limit of 1000 bytes in total");
    }

    @Test
    void rejectsHostileNamesAndEscapesThemInTheMessage() {
        assertRejected(upload -> upload.addFile("../evil", stream(utf8("x"))), "'../evil'");
        assertRejected(upload -> upload.addFile("ok\nINFO forged log line", stream(utf8("x"))),
                "'ok\\u000AINFO forged log line'");
        assertRejected(upload -> upload.addFile("nul\u0000.txt", stream(utf8("x"))), "NUL");
        assertRejected(upload -> upload.addFile("x".repeat(300), stream(utf8("x"))), "longer than 255");
        assertRejected(upload -> upload.addFile(("d".repeat(200) + "/").repeat(6) + "f", stream(utf8("x"))),
                "longer than 1024 characters");
    }

    @Test
    void becomesUnusableAfterARejection() {
        StagedUpload upload = StagedUpload.create(root, UploadLimits.defaults());
        upload.addFile("ok.txt", stream(utf8("x")));
        assertThatThrownBy(() -> upload.addFile("/abs", stream(utf8("x"))))
                .isInstanceOf(InvalidUploadException.class);

        assertThat(root).isEmptyDirectory();
        assertThatThrownBy(upload::files).isInstanceOf(IllegalStateException.class).hasMessageContaining("rejected");
        assertThatThrownBy(() -> upload.addFile("more.txt", stream(utf8("x"))))
                .isInstanceOf(IllegalStateException.class);
        upload.close();
        upload.close();
    }

    @Test
    void deleteStaleRemovesOnlyStagingFoldersUntouchedForLongEnough() throws Exception {
        Instant now = Instant.parse("2025-06-01T12:00:00Z");
        Clock clock = Clock.fixed(now, ZoneOffset.UTC);
        StagedUpload abandoned = StagedUpload.create(root, UploadLimits.defaults());
        abandoned.addFile("w.bin", stream(new byte[10]));
        StagedUpload stillWriting = StagedUpload.create(root, UploadLimits.defaults());
        stillWriting.addFile("w.bin", stream(new byte[10]));
        StagedUpload fresh = StagedUpload.create(root, UploadLimits.defaults());
        Path notOurs = Files.createDirectory(root.resolve("keep-me"));

        Instant old = now.minus(Duration.ofHours(3));
        touch(abandoned.localFile("w.bin"), old);
        touch(abandoned.directory(), old);
        touch(stillWriting.localFile("w.bin"), now.minusSeconds(5));
        touch(stillWriting.directory(), old);
        touch(fresh.directory(), now.minusSeconds(60));
        touch(notOurs, old);

        int deleted = StagedUpload.deleteStale(root, Duration.ofHours(1), clock);

        assertThat(deleted).isEqualTo(1);
        assertThat(abandoned.directory()).doesNotExist();
        assertThat(stillWriting.directory()).exists();
        assertThat(fresh.directory()).exists();
        assertThat(notOurs).exists();
        assertThat(StagedUpload.deleteStale(temp.resolve("missing"), Duration.ofHours(1), clock)).isZero();
        stillWriting.close();
        fresh.close();
        abandoned.close();
    }

    private void assertRejected(ThrowingUse use, String messagePart) {
        assertRejected(UploadLimits.defaults(), use, InvalidUploadException.class, messagePart);
    }

    private void assertRejected(UploadLimits limits, ThrowingUse use, Class<? extends Throwable> type,
                                String messagePart) {
        StagedUpload upload = StagedUpload.create(root, limits);
        Executable attempt = () -> use.accept(upload);
        assertThatThrownBy(attempt::execute).isInstanceOf(type).hasMessageContaining(messagePart)
                .satisfies(e -> assertThat(e.getMessage()).doesNotContainPattern(UploadPathsTest.INVISIBLE)
                        .doesNotContain(root.toString()));
        assertThat(root).isEmptyDirectory();
        upload.close();
    }

    static InputStream stream(byte[] bytes) {
        return new ByteArrayInputStream(bytes);
    }

    static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }

    private static void touch(Path path, Instant time) throws IOException {
        Files.setLastModifiedTime(path, FileTime.from(time));
    }

    @FunctionalInterface
    interface ThrowingUse {
        void accept(StagedUpload upload) throws Exception;
    }

    /** Serves zeros forever, counting how many it handed out. */
    static final class EndlessStream extends InputStream {
        long served;

        @Override
        public int read() {
            served++;
            return 0;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) {
            java.util.Arrays.fill(buffer, offset, offset + length, (byte) 0);
            served += length;
            return length;
        }
    }
}
