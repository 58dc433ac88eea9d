package dev.modelyard.jobs.internal;

import dev.modelyard.jobs.ComputeTargetDefinition;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** A compute target a workspace admin created; never changed, only deleted. */
@Entity
@Table(name = "compute_target")
public class StoredComputeTarget {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @Column(name = "workspace_id", nullable = false, updatable = false)
    private long workspaceId;

    @Column(nullable = false, length = 32)
    private String name;

    @Column(nullable = false, length = 20)
    private String kind;

    @Column(nullable = false)
    private int slots;

    private String address;
    private Double cpus;
    @Column(name = "memory_mb")
    private Long memoryMb;
    private Integer gpus;

    @Column(length = 2000)
    private String description;

    @Column(name = "created_by", nullable = false, length = 64)
    private String createdBy;

    @Column(name = "created_at", nullable = false)
    private Instant createdAt;

    protected StoredComputeTarget() {
    }

    public StoredComputeTarget(ComputeTargetDefinition d, String description, String createdBy, Instant now) {
        this.workspaceId = d.workspaceId();
        this.name = d.name();
        this.kind = d.kind();
        this.slots = d.slots();
        this.address = d.address();
        if (d.resources() != null) {
            this.cpus = d.resources().cpus();
            this.memoryMb = d.resources().memoryMb();
            this.gpus = d.resources().gpus();
        }
        this.description = description;
        this.createdBy = createdBy;
        this.createdAt = now;
    }

    public ComputeTargetDefinition definition() {
        return new ComputeTargetDefinition(workspaceId, name, kind, slots, address, cpus == null ? null
                : new ComputeTargetDefinition.ComputeResources(cpus, memoryMb == null ? 0 : memoryMb, gpus == null ? 0 : gpus));
    }

    public long workspaceId() { return workspaceId; }
    public String name() { return name; }
    public String description() { return description; }
    public String createdBy() { return createdBy; }
    public Instant createdAt() { return createdAt; }
}
