package org.remoting;

import java.lang.annotation.Documented;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The policy of a {@linkplain Lifecycle#POOLED pooled} servant, used inside
 * {@link Servant#pool()}. Durations use the configuration file's syntax, such as
 * {@code "250ms"} or {@code "30s"}. The defaults equal the built-in configuration defaults.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({})
public @interface Pool {
  /** Instances kept even when idle, created when the server starts. Config key: {@code pool.min}. */
  int min() default 1;

  /** Most instances alive at once. Config key: {@code pool.max}. */
  int max() default 16;

  /**
   * How long a call waits for a free instance before failing with
   * {@link ServantBusyException}. Config key: {@code pool.max-wait}.
   */
  String maxWait() default "1s";

  /**
   * How long an instance may sit unused before it is discarded, as long as more than
   * {@link #min()} remain. Config key: {@code pool.idle}.
   */
  String idle() default "60s";
}
