package org.remoting;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Declares a {@code void} remote method fire-and-forget: a call returns as soon as it is handed
 * to the transport, never waits for the server, and never reports an error after returning
 * (errors are logged at DEBUG). Best effort, like an RMI-less datagram: use
 * {@code Invocations.syncWithServer} when the caller must know the server accepted the call.
 *
 * <p>Only valid on methods returning {@code void} that declare no checked exceptions; any other
 * use is rejected when the interface is looked up.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface OneWay {}
