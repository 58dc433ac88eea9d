package dev.modelyard.base.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class DisplayFormatsTest {

    @Test
    void sizes_read_in_decimal_units() {
        assertThat(DisplayFormats.bytes(0)).isEqualTo("0 B");
        assertThat(DisplayFormats.bytes(999)).isEqualTo("999 B");
        assertThat(DisplayFormats.bytes(1500)).isEqualTo("1.5 KB");
        assertThat(DisplayFormats.bytes(999_999)).isEqualTo("1 MB");
        assertThat(DisplayFormats.bytes(12_000_000_000L)).isEqualTo("12 GB");
    }

    @Test
    void dims_read_as_in_config_files() {
        assertThat(DisplayFormats.dims(List.of(16L))).isEqualTo("[16]");
        assertThat(DisplayFormats.dims(List.of(-1, 3))).isEqualTo("[-1, 3]");
        assertThat(DisplayFormats.dims(List.of())).isEqualTo("[]");
    }

    @Test
    void durations_are_as_precise_as_their_length_needs() {
        assertThat(DisplayFormats.duration(java.time.Duration.ofMillis(400))).isEqualTo("0.4 s");
        assertThat(DisplayFormats.duration(java.time.Duration.ofSeconds(12))).isEqualTo("12 s");
        assertThat(DisplayFormats.duration(java.time.Duration.ofSeconds(185))).isEqualTo("3 min 05 s");
        assertThat(DisplayFormats.duration(java.time.Duration.ofMinutes(127))).isEqualTo("2 h 07 min");
        assertThat(DisplayFormats.duration(java.time.Duration.ofHours(76))).isEqualTo("3 d 4 h");
        java.time.Instant start = java.time.Instant.parse("2026-01-01T00:00:00Z");
        assertThat(DisplayFormats.duration(null, null, start)).isEqualTo("—");
        assertThat(DisplayFormats.duration(start, null, start.plusSeconds(30))).isEqualTo("30 s");
    }

    @Test
    void times_are_to_the_minute_on_model_pages_and_to_the_second_on_job_pages() {
        java.time.Instant t = java.time.Instant.parse("2026-01-01T10:20:30Z");
        assertThat(DisplayFormats.dateTime(t)).hasSize("yyyy-MM-dd HH:mm".length());
        assertThat(DisplayFormats.dateTimeSeconds(t)).hasSize("yyyy-MM-dd HH:mm:ss".length()).endsWith(":30");
        assertThat(DisplayFormats.dateTime(null)).isEqualTo("—");
    }

    @Test
    void service_messages_become_sentences() {
        assertThat(DisplayFormats.sentence("a model type is required")).isEqualTo("A model type is required.");
        assertThat(DisplayFormats.sentence("is it?")).isEqualTo("Is it?");
        assertThat(DisplayFormats.sentence(null)).isEmpty();
    }
}
