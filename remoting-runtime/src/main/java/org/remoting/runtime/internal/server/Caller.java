package org.remoting.runtime.internal.server;

import io.grpc.Attributes;
import io.grpc.Context;
import io.grpc.Grpc;
import io.grpc.ServerTransportFilter;
import java.net.SocketAddress;
import java.security.Principal;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;

/**
 * Who makes a call: one instance per client connection, made when the connection is ready (after
 * its TLS handshake) by {@link #FILTER} and found in every call's attributes.
 *
 * <p>The {@linkplain #identity() identity} is the subject of the client's certificate under
 * (mutual) TLS, in RFC 2253 form ({@code CN=alice,O=Example}); without one it is null, and the
 * peer address is not an identity. A leased object exported for a caller with an identity is
 * bound to it: its owner is the identity, and only callers with the same identity may use it.
 * Objects exported for a caller without one are not bound (their ids are the capability); they
 * are counted against the connection, which is what {@link #holder()} stands for then.
 *
 * <p>The invoker makes the caller of the call it serves {@linkplain #current() current} in the
 * gRPC {@link Context} while it decodes arguments, runs the servant and encodes the result, so
 * remote references and the lease service can check ownership. Immutable; equal only to itself.
 */
public final class Caller {
  private static final Attributes.Key<Caller> ATTRIBUTE = Attributes.Key.create("remoting-caller");
  private static final Context.Key<Caller> CURRENT = Context.key("remoting-caller");

  /** A caller with neither identity nor address, for calls made outside any connection. */
  static final Caller UNKNOWN = new Caller(null, null);

  /** Adds each connection's caller to its transport attributes. */
  public static final ServerTransportFilter FILTER =
      new ServerTransportFilter() {
        @Override
        public Attributes transportReady(Attributes transport) {
          return transport.toBuilder().set(ATTRIBUTE, of(transport)).build();
        }
      };

  private final String identity;
  private final SocketAddress address;

  private Caller(String identity, SocketAddress address) {
    this.identity = identity;
    this.address = address;
  }

  private static Caller of(Attributes transport) {
    String identity = null;
    SSLSession session = transport.get(Grpc.TRANSPORT_ATTR_SSL_SESSION);
    if (session != null) {
      try {
        Principal principal = session.getPeerPrincipal();
        identity = principal.getName();
      } catch (SSLPeerUnverifiedException noCertificate) {
        identity = null;
      }
    }
    return new Caller(identity, transport.get(Grpc.TRANSPORT_ATTR_REMOTE_ADDR));
  }

  /** The caller of a call, from its attributes. */
  static Caller of(io.grpc.ServerCall<?, ?> call) {
    Attributes attributes = call.getAttributes();
    Caller caller = attributes.get(ATTRIBUTE);
    return caller != null
        ? caller
        : new Caller(null, attributes.get(Grpc.TRANSPORT_ATTR_REMOTE_ADDR));
  }

  /** The caller of the call being served on this thread, or {@link #UNKNOWN}. */
  public static Caller current() {
    Caller caller = CURRENT.get();
    return caller != null ? caller : UNKNOWN;
  }

  /**
   * Runs {@code action} with this caller {@linkplain #current() current}; returns its result. When
   * it is current already (a result completed within the call), runs it as it is: no new context.
   */
  <T> T call(java.util.function.Supplier<T> action) {
    if (CURRENT.get() == this) {
      return action.get();
    }
    Context context = Context.current().withValue(CURRENT, this);
    Context previous = context.attach();
    try {
      return action.get();
    } finally {
      context.detach(previous);
    }
  }

  /** Runs {@code action} with this caller {@linkplain #current() current}. */
  void run(Runnable action) {
    Context context = Context.current().withValue(CURRENT, this);
    Context previous = context.attach();
    try {
      action.run();
    } finally {
      context.detach(previous);
    }
  }

  /** The certificate subject of the client, or null without a client certificate. */
  public String identity() {
    return identity;
  }

  /** The client's address as the transport saw it, or null; not an identity. */
  public SocketAddress address() {
    return address;
  }

  /**
   * Whom the objects exported for this caller are counted against, and bound to: the identity
   * if there is one (a {@code String}), otherwise this connection.
   */
  public Object holder() {
    return identity != null ? identity : this;
  }

  /**
   * Whether this caller may use an object whose {@link #holder()} was {@code owner} when it was
   * exported: always, unless the object is bound to another identity.
   */
  public boolean mayUse(Object owner) {
    return !(owner instanceof String boundTo) || boundTo.equals(identity);
  }

  @Override
  public String toString() {
    return "Caller[" + (identity != null ? identity : "no identity") + ", " + address + "]";
  }
}
