package dev.modelyard.mlflow;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * @param pageTokenSecret the key that signs search page tokens; unset, a random key per start (tokens then do
 *                        not survive a restart, and with several instances each must be given the same key)
 */
@ConfigurationProperties("modelyard.mlflow")
public record MlflowProperties(String pageTokenSecret) {
}
