/** REST API v1 under /api/v1 (contract: docs/api-v1.md); errors as RFC 9457 problem details. */
package dev.modelyard.api;
