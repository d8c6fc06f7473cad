/**
 * Time abstractions ({@link org.remoting.time.Ticker}, {@link org.remoting.time.Scheduler}) that
 * every time-based component takes, so tests drive time with a fake clock.
 */
package org.remoting.time;
