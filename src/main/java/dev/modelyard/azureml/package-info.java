/**
 * The Azure ML surface (issue 10): ARM-shaped {@code /subscriptions/**} resources, run history, the blob subset the
 * SDK uploads code through, and code assets. An adapter: jobs, models, environments and computes are the features'
 * own; docs/decisions/020-azureml-surface.md.
 */
package dev.modelyard.azureml;
