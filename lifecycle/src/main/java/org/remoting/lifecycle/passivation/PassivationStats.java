package org.remoting.lifecycle.passivation;

/**
 * A point-in-time snapshot of a {@link PassivationManager}'s counters. Times are in nanoseconds of
 * the manager's {@link org.remoting.time.Ticker}.
 *
 * @param active objects with an instance, including those being activated or passivated
 * @param inUse calls currently in flight (acquired and not yet released)
 * @param creations instances created for ids with no stored state
 * @param activations instances restored from stored state
 * @param passivations instances whose state was saved and that were dropped
 * @param failedPassivations passivations that failed (hook, codec or store); the instance stayed
 *     active, or, after {@code close()}, was dropped and its latest state lost
 * @param waitTimeouts acquires that gave up waiting for an object being activated or passivated
 * @param storeLoads calls to {@code StateStore.load}
 * @param storeLoadNanos total time spent in them
 * @param storeSaves calls to {@code StateStore.save}, failed ones included
 * @param storeSaveNanos total time spent in them
 */
public record PassivationStats(
    int active,
    int inUse,
    long creations,
    long activations,
    long passivations,
    long failedPassivations,
    long waitTimeouts,
    long storeLoads,
    long storeLoadNanos,
    long storeSaves,
    long storeSaveNanos) {}
