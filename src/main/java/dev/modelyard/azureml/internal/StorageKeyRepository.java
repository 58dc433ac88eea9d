package dev.modelyard.azureml.internal;

import org.springframework.data.jpa.repository.JpaRepository;

public interface StorageKeyRepository extends JpaRepository<StorageKey, Long> {
}
