package dev.modelyard.artifacts;

import static dev.modelyard.artifacts.StagedUploadTest.sha256;
import static dev.modelyard.artifacts.StagedUploadTest.stream;
import static dev.modelyard.artifacts.TestArchives.utf8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.modelyard.base.PayloadTooLargeException;
import java.io.ByteArrayOutputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ArchiveExtractionTest {

    private static final long MIB = 1024 * 1024;

    /** Small caps so bombs and floods are cheap to build: ratio 20 allows 20 MiB from a small archive. */
    private static final UploadLimits TIGHT = new UploadLimits(5, 64 * MIB, 64 * MIB, 20, 1024);

    @TempDir
    Path temp;

    Path root;

    @BeforeEach
    void setUp() {
        root = temp.resolve("staging");
    }

    @Test
    void extractsAZipWithNestedFoldersAndCorrectHashes() throws Exception {
        byte[] weights = randomBytes(200_000);
        ZipArchiveEntry withUnixMode = new ZipArchiveEntry("model/conda.yaml");
        withUnixMode.setUnixMode(0100644);
        byte[] zip = new TestArchives.Zip()
                .dir("model")
                .file("model/MLmodel", "flavors: {}\n")
                .file("model/data/model.pkl", weights)
                .entry(withUnixMode, utf8("name: x\n"))
                .bytes();

        try (StagedUpload upload = StagedUpload.create(root, UploadLimits.defaults())) {
            upload.addArchive("model.ZIP", stream(zip));

            assertThat(upload.files()).extracting(StagedFile::path)
                    .containsExactly("model/MLmodel", "model/data/model.pkl", "model/conda.yaml");
            StagedFile pickle = upload.file("model/data/model.pkl").orElseThrow();
            assertThat(pickle.size()).isEqualTo(weights.length);
            assertThat(pickle.sha256()).isEqualTo(sha256(weights));
            assertThat(upload.file("model/MLmodel").orElseThrow().mediaType()).isEqualTo("application/yaml");
            try (InputStream back = upload.open("model/data/model.pkl")) {
                assertThat(back.readAllBytes()).isEqualTo(weights);
            }
        }
    }

    @Test
    void extractsATarAndATarGz() throws Exception {
        byte[] onnx = randomBytes(70_000);
        String longName = "deep/" + "n".repeat(150) + "/model.onnx";
        TestArchives.Tar tar = new TestArchives.Tar()
                .dir("simple")
                .dir("simple/1")
                .file("simple/config.pbtxt", "name: \"simple\"\n")
                .file("simple/1/model.onnx", onnx)
                .file(longName, onnx)
                .file("données/é.txt", "unicode names travel in PAX headers");
        byte[] plain = tar.bytes();
        byte[] gzipped = TestArchives.gzip(plain);

        for (String name : new String[] {"repo.tar", "repo.tar.gz", "repo.TGZ"}) {
            try (StagedUpload upload = StagedUpload.create(root, UploadLimits.defaults())) {
                upload.addArchive(name, stream(name.endsWith(".tar") ? plain : gzipped));

                assertThat(upload.files()).extracting(StagedFile::path).containsExactly(
                        "simple/config.pbtxt", "simple/1/model.onnx", longName, "données/é.txt");
                assertThat(upload.file("simple/1/model.onnx").orElseThrow().sha256()).isEqualTo(sha256(onnx));
                assertThat(upload.file(longName).orElseThrow().size()).isEqualTo(onnx.length);
            }
        }
        assertThat(root).isEmptyDirectory();
    }

    @Test
    void keepsNestedArchivesAsPlainFiles() {
        byte[] inner = new TestArchives.Zip().file("../evil", "never unpacked").bytes();
        byte[] outer = new TestArchives.Zip().file("inner.zip", inner).bytes();
        try (StagedUpload upload = StagedUpload.create(root, UploadLimits.defaults())) {
            upload.addArchive("outer.zip", stream(outer));
            assertThat(upload.files()).singleElement().satisfies(f -> {
                assertThat(f.path()).isEqualTo("inner.zip");
                assertThat(f.size()).isEqualTo(inner.length);
                assertThat(f.mediaType()).isEqualTo("application/zip");
            });
        }
    }

    @Test
    void acceptsAnEmptyZip() {
        try (StagedUpload upload = StagedUpload.create(root, UploadLimits.defaults())) {
            upload.addArchive("empty.zip", stream(new TestArchives.Zip().bytes()));
            assertThat(upload.files()).isEmpty();
        }
    }

    @Test
    void rejectsParentTraversalInAZipAndLeavesNothingBehind() {
        byte[] zip = new TestArchives.Zip().file("ok.txt", "fine").file("../evil", "pwned").bytes();
        assertRejected("model.zip", zip, "'../evil'", "'..'");
    }

    @Test
    void rejectsAbsolutePathsInZipAndTar() {
        assertRejected("a.zip", new TestArchives.Zip().file("/etc/cron.d/x", "x").bytes(), "absolute");
        assertRejected("a.tar", new TestArchives.Tar().file("/etc/cron.d/x", "x").bytes(), "absolute");
    }

    @Test
    void rejectsBackslashesEvenWhereTheZipLibraryWouldConvertThem() throws IOException {
        assertRejected("a.zip", javaZip("..\\evil.txt"), "'..\\evil.txt'", "backslash");
        assertRejected("a.zip", javaZip("dir\\file.txt"), "backslash");
        assertRejected("a.tar", new TestArchives.Tar().file("a\\b", "x").bytes(), "backslash");
    }

    @Test
    void rejectsDriveLetters() throws IOException {
        assertRejected("a.zip", javaZip("C:evil.txt"), "drive letter");
        assertRejected("a.tar", new TestArchives.Tar().file("c:/windows/x", "x").bytes(), "drive letter");
    }

    @Test
    void rejectsControlCharactersAndNulInEntryNames() {
        assertRejected("a.zip", new TestArchives.Zip().file("a\u0000b.txt", "x").bytes(), "NUL");
        assertRejected("a.tar", new TestArchives.Tar().file("a\nb.txt", "x").bytes(), "'a\\u000Ab.txt'");
    }

    @Test
    void rejectsVeryLongEntryNames() {
        assertRejected("a.tar", new TestArchives.Tar().file("x".repeat(300), "x").bytes(), "longer than 255");
        String tooLong = ("d".repeat(250) + "/").repeat(5) + "f";
        assertRejected("a.zip", new TestArchives.Zip().file(tooLong, "x").bytes(), "longer than 1024");
    }

    @Test
    void acceptsTarEntriesUnderDotSlashAsTheArchiveRoot() {
        byte[] tar = new TestArchives.Tar().dir("./").dir("./data/").file("./MLmodel", "x").file("./data/w", "y").bytes();
        try (StagedUpload upload = StagedUpload.create(root, UploadLimits.defaults())) {
            upload.addArchive("model.tgz", new java.io.ByteArrayInputStream(TestArchives.gzip(tar)));
            assertThat(upload.files()).extracting(StagedFile::path).containsExactly("MLmodel", "data/w");
        }
    }

    @Test
    void stillRejectsDotSegmentsInsideArchiveEntries() {
        byte[] tar = new TestArchives.Tar().file("./a/./b", "x").bytes();
        assertRejected("model.tar", tar, "'.' segment");
    }

    @Test
    void rejectsSymbolicAndHardLinksAndSpecialFilesInTar() {
        assertRejected("a.tar", new TestArchives.Tar().file("ok", "x").symlink("link", "/etc/passwd").bytes(),
                "'link' in 'a.tar' is a symbolic link");
        assertRejected("a.tar", new TestArchives.Tar().file("ok", "x").hardLink("hard", "/etc/shadow").bytes(),
                "'hard' in 'a.tar' is a hard link");
        assertRejected("a.tar", new TestArchives.Tar().link("pipe", TarConstants.LF_FIFO, "").bytes(),
                "is a device, pipe or socket");
        assertRejected("a.tar", new TestArchives.Tar().link("dev", TarConstants.LF_CHR, "").bytes(),
                "is a device, pipe or socket");
    }

    @Test
    void rejectsASymlinkInAZipMarkedOnlyByItsUnixMode() {
        byte[] zip = new TestArchives.Zip().file("ok.txt", "x").symlink("model.pkl", "/etc/passwd").bytes();
        assertRejected("a.zip", zip, "'model.pkl' in 'a.zip' is a symbolic link");
    }

    @Test
    void rejectsDuplicateAndCaseCollidingEntries() {
        assertRejected("a.tar", new TestArchives.Tar().file("m/a.bin", "1").file("m/a.bin", "2").bytes(),
                "appears more than once");
        assertRejected("a.zip", new TestArchives.Zip().file("m/a.bin", "1").file("m/a.bin", "2").bytes(),
                "appears more than once");
        assertRejected("a.zip", new TestArchives.Zip().file("Model.pkl", "1").file("model.pkl", "2").bytes(),
                "differ only in letter case");
    }

    @Test
    void rejectsACaseCollisionBetweenAPlainFileAndAnArchiveEntry() {
        StagedUpload upload = StagedUpload.create(root, UploadLimits.defaults());
        upload.addFile("Model.pkl", stream(utf8("plain")));
        byte[] zip = new TestArchives.Zip().file("model.pkl", "archived").bytes();

        assertThatThrownBy(() -> upload.addArchive("extra.zip", stream(zip)))
                .isInstanceOf(InvalidUploadException.class)
                .hasMessageContaining("'model.pkl' and 'Model.pkl' differ only in letter case");
        assertThat(root).isEmptyDirectory();
        upload.close();
    }

    @Test
    void rejectsAnEntryThatIsBothFileAndFolder() {
        assertRejected("a.zip", new TestArchives.Zip().file("a", "1").file("a/b", "2").bytes(),
                "'a' is used both as a file and as a folder");
        assertRejected("a.tar", new TestArchives.Tar().file("a", "1").dir("a").bytes(),
                "'a' is used both as a file and as a folder");
    }

    @Test
    void rejectsMoreEntriesThanAllowed() {
        TestArchives.Zip zip = new TestArchives.Zip();
        for (int i = 0; i < 6; i++) {
            zip.file("f" + i, "x");
        }
        assertRejected(TIGHT, "many.zip", zip.bytes(), PayloadTooLargeException.class, "more than 5 files");
        TestArchives.Tar tar = new TestArchives.Tar();
        for (int i = 0; i < 6; i++) {
            tar.dir("d" + i);
        }
        assertRejected(TIGHT, "many.tar", tar.bytes(), PayloadTooLargeException.class, "more than 5 folder entries");
    }

    @Test
    void rejectsAnArchiveEntryPastThePerFileLimit() {
        UploadLimits small = new UploadLimits(10, 1 << 20, 1000, 200, 1024);
        byte[] zip = new TestArchives.Zip().file("big.bin", randomBytes(5000)).bytes();
        assertRejected(small, "a.zip", zip, PayloadTooLargeException.class, "'big.bin' is larger than the limit");
    }

    @Test
    void stopsAZipBombAfterABoundedAmountOfOutput() throws IOException {
        Path bomb = TestArchives.zipBomb(temp.resolve("bomb.zip"), 200 * MIB);
        assertThat(Files.size(bomb)).isLessThan(MIB);
        long peak = assertBombStopped("bomb.zip", bomb);
        // ratio 20 over the 1 MiB floor: at most 20 MiB plus one read may ever be staged
        assertThat(peak).isLessThanOrEqualTo(20 * MIB + 64 * 1024);
    }

    @Test
    void stopsAGzipBombInATarGz() throws IOException {
        Path bomb = TestArchives.tarGzBomb(temp.resolve("bomb.tar.gz"), 200 * MIB);
        assertThat(Files.size(bomb)).isLessThan(MIB);
        long peak = assertBombStopped("bomb.tar.gz", bomb);
        assertThat(peak).isLessThanOrEqualTo(20 * MIB + 64 * 1024);
    }

    @Test
    void acceptsASmallVeryCompressibleArchiveUnderTheOneMebibyteFloor() throws IOException {
        Path zeros = TestArchives.zipBomb(temp.resolve("zeros.zip"), 5 * MIB);
        try (StagedUpload upload = StagedUpload.create(root, TIGHT); InputStream in = Files.newInputStream(zeros)) {
            upload.addArchive("zeros.zip", in);
            assertThat(upload.totalBytes()).isEqualTo(5 * MIB);
        }
    }

    @Test
    void rejectsAnUnsupportedArchiveType() {
        assertRejected("model.rar", new byte[] {1, 2, 3}, "'model.rar' is not a supported archive",
                ".zip, .tar, .tar.gz and .tgz");
        assertRejected("model.tar.bz2", new byte[] {1, 2, 3}, "not a supported archive");
    }

    @Test
    void rejectsTruncatedAndMalformedArchives() {
        byte[] zip = new TestArchives.Zip().file("a.bin", randomBytes(50_000)).file("b.bin", randomBytes(50_000))
                .bytes();
        assertRejected("cut.zip", Arrays.copyOf(zip, zip.length / 2), "'cut.zip' is not a valid zip archive");
        // cut inside the central directory: every entry streams fine, only the end is missing
        assertRejected("cut.zip", Arrays.copyOf(zip, zip.length - 30), "is not a valid zip archive");
        assertRejected("empty.zip", new byte[0], "is not a valid zip archive");
        assertRejected("padded.zip", Arrays.copyOf(zip, zip.length + 5), "unexpected data after its end");

        byte[] tar = new TestArchives.Tar().file("a.bin", randomBytes(50_000)).file("b.bin", "x").bytes();
        assertRejected("cut.tar", Arrays.copyOf(tar, 30_000), "'cut.tar' is not a valid tar archive");
        assertRejected("cut.tar", Arrays.copyOf(tar, 512 + 50_176), "is not a valid tar archive");
        assertRejected("noise.tar", randomBytes(4096), "is not a valid tar archive");
        assertRejected("plain.tgz", tar, "is not a valid tar.gz archive");
        byte[] gz = TestArchives.gzip(tar);
        assertRejected("cut.tgz", Arrays.copyOf(gz, gz.length - 100), "is not a valid tar.gz archive");
    }

    @Test
    void rejectsEncryptedZipEntries() {
        byte[] zip = new TestArchives.Zip().file("secret.bin", "x").bytes();
        zip[6] |= 1; // general purpose flag bit 0 of the first local header: encrypted
        assertRejected("a.zip", zip, "'secret.bin' in 'a.zip' is encrypted");
    }

    @Test
    void rejectsUnsupportedZipCompressionMethods() {
        byte[] zip = new TestArchives.Zip().file("w.bin", "x").bytes();
        zip[8] = 14; // compression method of the first local header: LZMA
        assertRejected("a.zip", zip, "uses compression method LZMA, which is not supported");
    }

    @Test
    void rejectsAnOversizedTarHeader() {
        TarArchiveEntry entry = new TarArchiveEntry("a.txt");
        entry.addPaxHeader("comment", "x".repeat(2 * 1024 * 1024));
        entry.setSize(1);
        byte[] tar = new TestArchives.Tar().entry(entry, new byte[] {'x'}).bytes();
        assertRejected("a.tar", tar, "has an entry header");
    }

    @Test
    void rejectsTooMuchTarHeaderDataOverall() {
        // TIGHT allows 8 MiB plus 8 KiB per permitted entry; nine entries with 950 KiB of PAX data each exceed it
        TestArchives.Tar tar = new TestArchives.Tar();
        for (int i = 0; i < 9; i++) {
            TarArchiveEntry entry = new TarArchiveEntry(i < 5 ? "f" + i : "d" + i + "/");
            entry.addPaxHeader("comment", "x".repeat(950 * 1024));
            tar.entry(entry, new byte[0]);
        }
        assertRejected(TIGHT, "a.tar", tar.bytes(), InvalidUploadException.class, "of entry headers");
    }

    private long assertBombStopped(String name, Path bomb) throws IOException {
        StagedUpload upload = StagedUpload.create(root, TIGHT);
        try (DiskWatchingStream in = new DiskWatchingStream(Files.newInputStream(bomb), root)) {
            assertThatThrownBy(() -> upload.addArchive(name, in))
                    .isInstanceOf(InvalidUploadException.class)
                    .hasMessageContaining("compression bomb")
                    .hasMessageContaining(name);
            assertThat(in.consumed).as("stopped long before the end of the archive")
                    .isLessThan(Files.size(bomb) / 2);
            assertThat(root).isEmptyDirectory();
            return in.peakStagedBytes;
        } finally {
            upload.close();
        }
    }

    private void assertRejected(String archiveName, byte[] archive, String... messageParts) {
        assertRejected(UploadLimits.defaults(), archiveName, archive, InvalidUploadException.class, messageParts);
    }

    private void assertRejected(UploadLimits limits, String archiveName, byte[] archive,
                                Class<? extends Throwable> type, String... messageParts) {
        StagedUpload upload = StagedUpload.create(root, limits);
        try {
            assertThatThrownBy(() -> upload.addArchive(archiveName, stream(archive)))
                    .isInstanceOf(type)
                    .satisfies(e -> assertThat(e.getMessage()).contains(messageParts)
                            .doesNotContainPattern(UploadPathsTest.INVISIBLE)
                            .doesNotContain(root.toString()));
            assertThat(root).isEmptyDirectory();
        } finally {
            upload.close();
        }
    }

    /** A zip written by java.util.zip, which keeps names byte for byte (backslashes included). */
    private static byte[] javaZip(String name) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            zip.putNextEntry(new ZipEntry(name));
            zip.write(utf8("x"));
            zip.closeEntry();
        }
        return bytes.toByteArray();
    }

    private static byte[] randomBytes(int count) {
        byte[] bytes = new byte[count];
        new Random(count).nextBytes(bytes);
        return bytes;
    }

    /** Samples how many bytes are staged under the root each time the archive is read. */
    private static final class DiskWatchingStream extends FilterInputStream {
        private final Path root;
        long consumed;
        long peakStagedBytes;

        DiskWatchingStream(InputStream in, Path root) {
            super(in);
            this.root = root;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = super.read(buffer, offset, length);
            consumed += Math.max(n, 0);
            peakStagedBytes = Math.max(peakStagedBytes, stagedBytes());
            return n;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            consumed += b >= 0 ? 1 : 0;
            return b;
        }

        private long stagedBytes() {
            try (Stream<Path> files = Files.walk(root)) {
                return files.filter(Files::isRegularFile).mapToLong(p -> {
                    try {
                        return Files.size(p);
                    } catch (IOException e) {
                        return 0;
                    }
                }).sum();
            } catch (IOException | UncheckedIOException e) {
                return 0;
            }
        }
    }
}
