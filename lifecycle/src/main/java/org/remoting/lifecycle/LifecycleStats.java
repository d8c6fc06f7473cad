package org.remoting.lifecycle;

/**
 * A point-in-time snapshot of a {@link LifecycleManager}'s counters.
 *
 * @param created instances created since start
 * @param destroyed instances discarded since start
 * @param inUse instances currently acquired and not yet released
 * @param idle instances alive and free (always 0 for per-request)
 * @param waiting callers currently waiting in {@code acquire}
 * @param waitTimeouts acquires that gave up waiting (each became a {@code ServantBusyException})
 */
public record LifecycleStats(
    long created, long destroyed, int inUse, int idle, int waiting, long waitTimeouts) {

  /** Instances currently alive: {@code inUse + idle}. */
  public int alive() {
    return inUse + idle;
  }
}
