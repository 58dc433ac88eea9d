package dev.modelyard.models;

import dev.modelyard.support.PostgresIntegrationTest;

@PostgresIntegrationTest
class PostgresModelSearchTest extends ModelSearchContract {
}
