/**
 * The passivated lifecycle (Remoting Patterns' "Passivation"): one instance per object id while the
 * object is in use; after {@code idle} time, or when more than {@code maxActive} objects are
 * active, the instance's state is saved to a {@link org.remoting.lifecycle.store.StateStore} and
 * the instance dropped, and the next call for the id restores it. See
 * {@link org.remoting.lifecycle.passivation.PassivationManager}. Knows nothing of gRPC; time comes
 * from an injected {@link org.remoting.time.Ticker} and {@link org.remoting.time.Scheduler}.
 */
package org.remoting.lifecycle.passivation;
