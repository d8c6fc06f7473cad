package org.remoting.lifecycle;

import static java.util.Objects.requireNonNull;

import org.remoting.Concurrency;
import org.remoting.Lifecycle;

/**
 * Everything that decides how one servant's instances live: its lifecycle, its concurrency, and
 * the pool policy (used only when the lifecycle is {@link Lifecycle#POOLED}).
 */
public record ServantPolicy(Lifecycle lifecycle, Concurrency concurrency, PoolPolicy pool) {

  /** Static, shared, default pool policy. */
  public static final ServantPolicy DEFAULT =
      new ServantPolicy(Lifecycle.STATIC, Concurrency.SHARED, PoolPolicy.DEFAULT);

  public ServantPolicy {
    requireNonNull(lifecycle, "lifecycle");
    requireNonNull(concurrency, "concurrency");
    requireNonNull(pool, "pool");
  }
}
