package dev.modelyard.models;

import dev.modelyard.base.ConflictException;
import dev.modelyard.base.InvalidInputException;
import dev.modelyard.base.NotFoundException;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.function.Supplier;
import org.springframework.stereotype.Component;

/**
 * {@code modelyard_registrations_total{type, outcome}} (created, rejected: bad input or a taken number, failed:
 * anything else) and {@code modelyard_search_seconds{kind}} (models or versions) in Prometheus.
 */
@Component
class RegistryMetrics {

    private final MeterRegistry registry;
    private final Timer searchModels;
    private final Timer searchVersions;

    RegistryMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.searchModels = searchTimer("models");
        this.searchVersions = searchTimer("versions");
    }

    private Timer searchTimer(String kind) {
        return Timer.builder("modelyard.search").tag("kind", kind)
                .description("time the database takes to answer a search or listing of models or versions")
                .register(registry);
    }

    <T> T registration(ModelType type, Supplier<T> work) {
        String outcome = "failed";
        try {
            T result = work.get();
            outcome = "created";
            return result;
        } catch (InvalidInputException | ConflictException | NotFoundException e) {
            outcome = "rejected";
            throw e;
        } finally {
            Counter.builder("modelyard.registrations").description("model version registrations by outcome")
                    .tag("type", type == null ? "none" : type.wireName()).tag("outcome", outcome)
                    .register(registry).increment();
        }
    }

    <T> T searchModels(Supplier<T> query) {
        return searchModels.record(query);
    }

    <T> T searchVersions(Supplier<T> query) {
        return searchVersions.record(query);
    }
}
