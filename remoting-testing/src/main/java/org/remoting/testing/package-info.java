/**
 * Test fixtures for code built on the remoting framework, such as a
 * {@link org.remoting.testing.FakeClock} that moves only when a test advances it. Use as a
 * test-scoped dependency.
 */
package org.remoting.testing;
