package org.remoting;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Declares how the server manages instances of a servant class. Optional: an unannotated
 * servant gets the configured defaults ({@code remoting.servant-defaults}).
 *
 * <p>Settings are layered, each layer overriding the one before: built-in defaults
 * ({@code remoting.servant-defaults}), then this annotation, then the application's
 * configuration file ({@code remoting.servants."<service>"}), then system properties. So the
 * lifecycle chosen here is the servant author's default, and operators can change it without
 * recompiling. The defaults of this annotation's attributes equal the built-in defaults.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface Servant {
  /** How instances are created and shared. Config key: {@code lifecycle}. */
  Lifecycle lifecycle() default Lifecycle.STATIC;

  /** Whether a shared instance serves calls concurrently. Config key: {@code concurrency}. */
  Concurrency concurrency() default Concurrency.SHARED;

  /** Pool policy, used when the lifecycle is {@link Lifecycle#POOLED}. Config key: {@code pool}. */
  Pool pool() default @Pool;
}
