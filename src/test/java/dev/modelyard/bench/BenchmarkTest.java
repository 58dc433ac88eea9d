package dev.modelyard.bench;

import dev.modelyard.IntegrationTest;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.springframework.context.annotation.Import;

/**
 * The application as every integration test sees it, plus {@link SqlCapture}. Every Spring-based benchmark uses
 * exactly this, so the suite runs against one application (one database, one object store) from start to end.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@IntegrationTest
@Import(SqlCapture.class)
public @interface BenchmarkTest {
}
