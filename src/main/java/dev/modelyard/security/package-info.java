/** Sign-in, users and roles: READER browses, CONTRIBUTOR registers and edits, ADMIN manages users and models. */
package dev.modelyard.security;
