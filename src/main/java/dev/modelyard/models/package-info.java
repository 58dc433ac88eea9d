/** The model registry: registered models, their versions, tags, and the rules they obey. */
package dev.modelyard.models;
