package dev.modelyard.api;

import dev.modelyard.artifacts.ArtifactService;
import dev.modelyard.artifacts.StagedUpload;
import dev.modelyard.base.InvalidInputException;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import org.springframework.web.multipart.MultipartFile;

/** Stages the {@code files} parts (names may carry relative paths) and one {@code archive} part of a request. */
final class MultipartUpload {

    private MultipartUpload() {
    }

    /** A staging area holding every part, streamed; the caller closes it. Any refused name refuses the whole upload. */
    static StagedUpload stage(ArtifactService artifacts, List<MultipartFile> files, MultipartFile archive) {
        StagedUpload staged = artifacts.stage();
        try {
            if (files != null) {
                for (MultipartFile file : files) {
                    try (InputStream in = file.getInputStream()) {
                        staged.addFile(file.getOriginalFilename(), in);
                    }
                }
            }
            if (archive != null && !archive.isEmpty()) {
                try (InputStream in = archive.getInputStream()) {
                    staged.addArchive(archive.getOriginalFilename(), in);
                }
            }
            return staged;
        } catch (IOException e) {
            staged.close();
            throw new InvalidInputException("the upload could not be read to its end");
        } catch (RuntimeException e) {
            staged.close();
            throw e;
        }
    }
}
