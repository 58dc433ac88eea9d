/** Content-addressed artifact storage: staging of uploads, blobs, manifests, orphan cleanup. */
package dev.modelyard.artifacts;
