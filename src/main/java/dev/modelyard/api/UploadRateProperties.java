package dev.modelyard.api;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * The slowest upload Modelyard waits for: a registration upload that delivers less than {@code minRate} per second,
 * averaged over each {@code rateWindow}, is cut off (408) and its staging folder removed, so a client trickling a
 * byte every few seconds cannot hold a request thread and a staging folder forever. A client that sends nothing at
 * all is cut off by the container's read timeout ({@code server.tomcat.connection-timeout}).
 */
@ConfigurationProperties("modelyard.upload")
public record UploadRateProperties(@DefaultValue("1KB") DataSize minRate, @DefaultValue("60s") Duration rateWindow) {

    /** The fewest bytes one window must bring. */
    long minBytesPerWindow() {
        return Math.max(1, minRate.toBytes() * Math.max(1, rateWindow.toMillis()) / 1000);
    }
}
