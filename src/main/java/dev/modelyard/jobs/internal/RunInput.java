package dev.modelyard.jobs.internal;

import jakarta.persistence.CollectionTable;
import jakarta.persistence.Column;
import jakarta.persistence.ElementCollection;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.MapKeyColumn;
import jakarta.persistence.Table;
import java.util.LinkedHashMap;
import java.util.Map;

/** A dataset a run read (MLflow's runs/log-inputs), with its input tags. */
@Entity
@Table(name = "run_input")
public class RunInput {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @Column(name = "job_id", nullable = false)
    private long jobId;

    @Column(name = "dataset_name", nullable = false, length = 500)
    private String name;

    @Column(nullable = false, length = 36)
    private String digest;

    @Column(name = "source_type", nullable = false, length = 36)
    private String sourceType;

    @Column(nullable = false, length = 65535)
    private String source;

    @Column(name = "dataset_schema")
    private String schema;

    @Column
    private String profile;

    @ElementCollection(fetch = FetchType.EAGER)
    @CollectionTable(name = "run_input_tag", joinColumns = @JoinColumn(name = "input_id"))
    @MapKeyColumn(name = "tag_key")
    @Column(name = "tag_value", nullable = false, length = 500)
    private Map<String, String> tags = new LinkedHashMap<>();

    protected RunInput() {
    }

    public RunInput(long jobId, String name, String digest, String sourceType, String source, String schema,
                    String profile, Map<String, String> tags) {
        this.jobId = jobId;
        this.name = name;
        this.digest = digest;
        this.sourceType = sourceType;
        this.source = source;
        this.schema = schema;
        this.profile = profile;
        this.tags.putAll(tags);
    }

    public Long id() { return id; }
    public long jobId() { return jobId; }
    public String name() { return name; }
    public String digest() { return digest; }
    public String sourceType() { return sourceType; }
    public String source() { return source; }
    public String schema() { return schema; }
    public String profile() { return profile; }
    public Map<String, String> tags() { return tags; }
}
