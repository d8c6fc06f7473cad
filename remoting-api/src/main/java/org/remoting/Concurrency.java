package org.remoting;

/**
 * Whether one servant instance may run several calls at once. Matters for the
 * {@link Lifecycle#STATIC} and {@link Lifecycle#LAZY} lifecycles, whose single instance is
 * shared; per-request and pooled instances serve one call at a time anyway.
 */
public enum Concurrency {
  /** Calls run concurrently on the instance, which must be thread-safe. The default. */
  SHARED,
  /**
   * Calls to the instance run one at a time, in arrival order; a call waits for the previous one
   * up to its deadline.
   */
  SERIALIZED;

  /** The name used in configuration files: lower case, such as {@code serialized}. */
  public String configName() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
