/**
 * {@code example_header_guard}, a mosn4j stream filter built as a third-party PF4J plugin: adds configured
 * headers to requests and responses and answers requests matching a deny rule itself.
 */
package com.example.mosn4j.headerguard;
