package org.remoting;

/**
 * How the server creates, shares and discards the instances of a servant. Chosen with
 * {@link Servant#lifecycle()} and overridable per service in the configuration file
 * ({@code remoting.servants."<service>".lifecycle}, written in lower case with hyphens).
 */
public enum Lifecycle {
  /** One instance, created when the server starts, shared by all calls. */
  STATIC,
  /** One instance, created by the first call (exactly once, even when first calls race). */
  LAZY,
  /**
   * A new instance for every call, discarded after it, and closed if it is
   * {@link AutoCloseable}.
   */
  PER_REQUEST,
  /**
   * Between {@code pool.min} and {@code pool.max} instances, each serving one call at a time and
   * {@linkplain Poolable#reset() reset} between calls. When all are busy a call waits up to
   * {@code pool.max-wait}, then fails with {@link ServantBusyException}; instances idle longer
   * than {@code pool.idle} are discarded down to {@code pool.min}.
   */
  POOLED,
  /**
   * One instance per client-dependent object (Remoting Patterns: "Leasing"). A servant returned
   * from a remote method whose declared type is a {@code @Remote} interface is exported under a
   * fresh, unguessable object id, and the client receives a proxy bound to it. The object lives
   * while its lease is renewed: the client runtime renews the leases of all the objects it holds
   * on a server in one call per interval, and releases an object when its proxy is released or
   * garbage collected. When the lease ends the instance is closed if it is {@link AutoCloseable},
   * and later calls fail with {@link ObjectNotFoundException} saying when the lease expired.
   * Tuned by {@code lease.duration} and {@code lease.max-duration}.
   */
  LEASED,
  /**
   * One instance per object id while the object is in use. After {@code passivation.idle}
   * without calls, or beyond {@code passivation.max-active} objects, an instance's state is saved
   * to a state store ({@link Passivatable#passivate()}) and the instance dropped; the next call
   * for the id creates a new instance and restores the state ({@link Passivatable#activate}).
   * Objects are addressed by id ({@code client.lookup(Account.class, "acct-42")}); never two
   * live instances of one id in one server; no lost update; graceful shutdown passivates all.
   */
  PASSIVATED;

  /** The name used in configuration files: lower case with hyphens, such as {@code per-request}. */
  public String configName() {
    return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
  }
}
