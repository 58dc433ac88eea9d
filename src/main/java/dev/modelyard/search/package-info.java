/** The search query language: text such as {@code team=fraud AND auc>=0.9} parsed into a {@link dev.modelyard.search.QueryNode} tree. */
package dev.modelyard.search;
