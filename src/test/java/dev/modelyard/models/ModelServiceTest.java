package dev.modelyard.models;

import dev.modelyard.IntegrationTest;

@IntegrationTest
class ModelServiceTest extends ModelServiceContract {
}
