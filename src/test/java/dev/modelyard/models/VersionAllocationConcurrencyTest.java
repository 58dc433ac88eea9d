package dev.modelyard.models;

import dev.modelyard.IntegrationTest;

@IntegrationTest
class VersionAllocationConcurrencyTest extends VersionAllocationContract {
}
