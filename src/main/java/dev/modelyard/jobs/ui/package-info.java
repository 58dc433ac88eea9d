/** The Jobs pages: the job list, the submit dialog and one job's page with its live status, log and outputs. */
package dev.modelyard.jobs.ui;
