/**
 * The server side of the "leased" lifecycle (Remoting Patterns: client-dependent instances and
 * Leasing): {@link org.remoting.lifecycle.lease.LeaseManager} exports client-created objects
 * under unguessable ids, keeps each alive while its lease is renewed, and destroys it when the
 * lease expires or its client releases it.
 *
 * <p>Transport-neutral: nothing here knows gRPC. Time is read from an injected
 * {@link org.remoting.time.Ticker} and expiry runs on an injected
 * {@link org.remoting.time.Scheduler}, so tests drive both with a fake clock.
 */
package org.remoting.lifecycle.lease;
