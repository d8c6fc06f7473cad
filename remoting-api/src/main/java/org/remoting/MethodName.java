package org.remoting;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Gives a remote method its name on the wire, in place of its Java name. Needed for overloaded
 * methods, since a gRPC service cannot have two methods of one name; an interface with
 * overloads that are not told apart by this annotation is rejected when exported or looked up.
 *
 * <pre>{@code
 * int add(int a, int b);
 * @MethodName("addLongs") long add(long a, long b);
 * }</pre>
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface MethodName {
  /** The method's gRPC name: a letter followed by letters, digits or underscores. */
  String value();
}
