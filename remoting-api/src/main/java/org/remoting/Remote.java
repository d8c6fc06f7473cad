package org.remoting;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a Java interface as a remote interface: one gRPC service whose unary methods are the
 * interface's abstract methods.
 *
 * <p>The service name on the wire is {@link #value()}, or the interface's canonical name when
 * that is empty. Each abstract method becomes the gRPC method {@code service/method}; methods
 * that share a Java name must be given distinct wire names with {@link MethodName}. Default and
 * static methods are not remote: a client proxy runs default methods locally.
 *
 * <p>Parameter and return types are limited to those the protobuf mapping supports (see the
 * project's {@code docs/wire-mapping.md}); any other type is rejected, with a message naming
 * the method, the parameter and the type, when the interface is exported or looked up.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface Remote {
  /**
   * The fully qualified gRPC service name, such as {@code "demo.Calculator"}; empty means the
   * interface's canonical name.
   */
  String value() default "";
}
