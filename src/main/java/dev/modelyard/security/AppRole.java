package dev.modelyard.security;

/** Roles from least to most: each includes everything the ones before it may do. */
public enum AppRole {
    READER, CONTRIBUTOR, ADMIN;

    public String authority() {
        return "ROLE_" + name();
    }
}
