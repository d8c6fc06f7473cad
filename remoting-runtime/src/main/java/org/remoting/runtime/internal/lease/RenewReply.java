package org.remoting.runtime.internal.lease;

import java.time.Duration;
import java.util.List;

/**
 * The answer to a renewal.
 *
 * @param shortest the shortest lease granted, null if none was
 * @param missing the objects that have no live lease (expired, released, or unknown)
 * @param denied the objects not renewed because they are bound to another client identity
 */
public record RenewReply(Duration shortest, List<LeaseGroup> missing, List<LeaseGroup> denied) {}
