package org.remoting.lifecycle.lease;

/**
 * A point-in-time snapshot of a {@link LeaseManager}'s counters.
 *
 * @param active leases currently live (not expired, released or closed)
 * @param registered objects registered since creation
 * @param renewCalls calls of {@link LeaseManager#renew}, each a batch
 * @param leasesRenewed leases renewed, summed over all batches
 * @param expired leases that ran out
 * @param released leases ended by their client ({@link LeaseManager#releaseLease})
 * @param destroyed instances destroyed (closed if {@link AutoCloseable}), for any reason
 *     including {@link LeaseManager#close()}
 * @param releasesIgnored releases ignored because they named an older grant than the object's
 *     latest ({@link LeaseManager#releaseLease(String, long)})
 */
public record LeaseStats(
    int active,
    long registered,
    long renewCalls,
    long leasesRenewed,
    long expired,
    long released,
    long destroyed,
    long releasesIgnored) {}
