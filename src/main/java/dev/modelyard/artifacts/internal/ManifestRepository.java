package dev.modelyard.artifacts.internal;

import org.springframework.data.jpa.repository.JpaRepository;

public interface ManifestRepository extends JpaRepository<Manifest, Long> {
}
