package dev.modelyard.models;

import dev.modelyard.support.PostgresIntegrationTest;

@PostgresIntegrationTest
class PostgresModelServiceTest extends ModelServiceContract {
}
