package org.remoting.runtime.internal.server;

import java.util.Map;
import org.remoting.AccessDeniedException;
import org.remoting.lifecycle.lease.LeaseGrant;
import org.remoting.runtime.internal.client.ClientConnection;
import org.remoting.runtime.internal.schema.References;
import org.remoting.runtime.internal.schema.RemoteRef;

/**
 * The server's side of remote references. A servant returned as a {@code @Remote} type is
 * exported to the lease manager of that type's service (once per live instance: returned again,
 * it keeps its id, and the reference carries the next grant number); a proxy the servant holds (of another server) is sent as its own reference. A
 * reference a client passes back is resolved to the live servant if it names a leased object of
 * this server that the {@linkplain Caller#current() caller} may use. Thread-safe.
 */
public final class ServerReferences implements References {
  private volatile Map<String, LeasedRegistry> leased = Map.of();

  /** Sets the server's leased services, by service name. */
  public void bind(Map<String, LeasedRegistry> registries) {
    this.leased = Map.copyOf(registries);
  }

  @Override
  public RemoteRef toRef(Object value, Class<?> remoteType, String service) {
    RemoteRef proxied = ClientConnection.referenceOf(value);
    if (proxied != null) {
      return proxied;
    }
    LeasedRegistry registry = leased.get(service);
    if (registry == null) {
      throw new IllegalArgumentException(
          "cannot return a " + remoteType.getName() + " by reference: service " + service
              + " has no leased objects on this server");
    }
    LeaseGrant grant = registry.export(value, Caller.current());
    return new RemoteRef(
        "", grant.id(), service, registry.manager().policy().duration(), grant.number());
  }

  @Override
  public Object fromRef(RemoteRef ref, Class<?> remoteType, String service) {
    if (!ref.target().isEmpty()) {
      throw new IllegalArgumentException(
          "a reference to an object of another server (" + ref.target() + ") was passed for "
              + service + "; a server resolves references to its own objects only");
    }
    if (!ref.interfaceName().isEmpty() && !ref.interfaceName().equals(service)) {
      throw new IllegalArgumentException(
          "a reference to a " + ref.interfaceName() + " was passed where a " + service
              + " is expected");
    }
    LeasedRegistry registry = leased.get(service);
    if (registry == null || ref.objectId().isEmpty()) {
      throw new IllegalArgumentException(
          "a reference to " + (ref.objectId().isEmpty() ? "the default object of " : "")
              + service + " cannot be resolved here: only leased objects (ones that a remote"
              + " method returned) can be passed back to their server by reference");
    }
    String denied = registry.denial(ref.objectId(), Caller.current());
    if (denied != null) {
      throw new AccessDeniedException("a reference was passed back, but " + denied);
    }
    return registry.manager().instance(ref.objectId());
  }
}
