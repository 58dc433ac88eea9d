package dev.modelyard.jobs;

import dev.modelyard.base.NotFoundException;
import dev.modelyard.base.SafeText;

public class ComputeTargetNotFoundException extends NotFoundException {

    public ComputeTargetNotFoundException(String name, String known) {
        super("compute target " + SafeText.quote(name, 80) + " does not exist; known computes: " + known);
    }
}
