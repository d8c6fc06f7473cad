package org.remoting.runtime.internal.lease;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.remoting.AccessDeniedException;
import org.remoting.lifecycle.lease.LeaseManager;
import org.remoting.lifecycle.lease.RenewResult;
import org.remoting.runtime.internal.server.Caller;
import org.remoting.runtime.internal.server.LeasedRegistry;

/**
 * The server side of the lease protocol, over the leased services of a server. Objects bound to
 * another client identity than the {@linkplain Caller#current() caller's} are left alone: a
 * renewal reports them as denied, a release skips them, and asking for their remaining time is
 * denied ({@code PERMISSION_DENIED}). A release that names an older grant than an object's
 * latest is ignored ({@link LeaseManager#releaseLease(String, long)}).
 */
public final class LeaseServiceServant implements LeaseService {
  private final Map<String, LeasedRegistry> registries;

  /** @param registries each leased service, by service name */
  public LeaseServiceServant(Map<String, LeasedRegistry> registries) {
    this.registries = Map.copyOf(registries);
  }

  @Override
  public RenewReply renew(List<LeaseGroup> groups, Duration duration) {
    Caller caller = Caller.current();
    Duration shortest = null;
    List<LeaseGroup> missing = new ArrayList<>();
    List<LeaseGroup> denied = new ArrayList<>();
    for (LeaseGroup group : groups) {
      LeasedRegistry registry = registries.get(group.service());
      if (registry == null) {
        missing.add(group);
        continue;
      }
      List<String> allowed = new ArrayList<>(group.objectIds().size());
      List<String> refused = new ArrayList<>();
      for (String id : group.objectIds()) {
        (registry.denial(id, caller) == null ? allowed : refused).add(id);
      }
      if (!refused.isEmpty()) {
        denied.add(new LeaseGroup(group.service(), refused));
      }
      RenewResult result = registry.manager().renew(allowed, duration);
      for (Duration granted : result.granted().values()) {
        if (shortest == null || granted.compareTo(shortest) < 0) {
          shortest = granted;
        }
      }
      if (!result.missing().isEmpty()) {
        missing.add(new LeaseGroup(group.service(), List.copyOf(result.missing())));
      }
    }
    return new RenewReply(shortest, missing, denied);
  }

  @Override
  public void release(List<LeaseGroup> groups) {
    Caller caller = Caller.current();
    for (LeaseGroup group : groups) {
      LeasedRegistry registry = registries.get(group.service());
      if (registry != null) {
        List<String> ids = group.objectIds();
        for (int i = 0; i < ids.size(); i++) {
          if (registry.denial(ids.get(i), caller) == null) {
            registry.manager().releaseLease(ids.get(i), group.grant(i));
          }
        }
      }
    }
  }

  @Override
  public Optional<Duration> remaining(String service, String objectId) {
    LeasedRegistry registry = registries.get(service);
    if (registry == null) {
      return Optional.empty();
    }
    String denied = registry.denial(objectId, Caller.current());
    if (denied != null) {
      throw new AccessDeniedException(denied);
    }
    LeaseManager<Object> manager = registry.manager();
    return manager.remaining(objectId);
  }
}
