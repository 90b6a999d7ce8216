/**
 * Test support shared by the kernel and plugin modules. Putting this jar on a test classpath installs a
 * Netty leak detector that records every {@code LEAK} report, and a JUnit extension (auto-detected) that
 * fails a test class when a leak was reported while it ran; and {@link org.mosn4j.testkit.RecordingDecoder}, which
 * records a stream message for protocol plugin tests.
 */
package org.mosn4j.testkit;
