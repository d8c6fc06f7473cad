package org.remoting;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Declares that a remote method may safely run more than once for one call (reading, or setting
 * to a value rather than adding to it), so the client may retry it: a synchronous call that
 * fails because the server is unreachable ({@link ServerUnreachableException}: the connection
 * dropped or was refused, the server is restarting) or because the server dropped the call
 * ({@code CANCELLED} from the server's side, as when it is stopped mid-call) is tried again, up to {@code
 * remoting.client.retry.max-attempts} times in all, with backoff, within the call's deadline.
 *
 * <p>Calls of methods without it are never retried by the framework once they may have reached
 * the server, so they run at most once. (gRPC still retries, transparently, a call that provably
 * never left the client.)
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface Idempotent {}
