package dev.modelyard.jobs;

import dev.modelyard.base.NotFoundException;

public class JobNotFoundException extends NotFoundException {
    public JobNotFoundException(String name) {
        super("job '" + name + "' does not exist");
    }
}
