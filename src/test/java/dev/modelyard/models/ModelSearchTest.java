package dev.modelyard.models;

import dev.modelyard.IntegrationTest;

@IntegrationTest
class ModelSearchTest extends ModelSearchContract {
}
