/** Shared kernel: the exception types every feature extends, the clock, and small helpers. */
package dev.modelyard.base;
