package dev.modelyard.models.ui;

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
}
