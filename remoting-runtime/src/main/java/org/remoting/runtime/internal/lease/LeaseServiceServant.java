package org.remoting.runtime.internal.lease;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.remoting.lifecycle.lease.LeaseManager;
import org.remoting.lifecycle.lease.RenewResult;

/** The server side of the lease protocol, over the lease managers of a server's services. */
public final class LeaseServiceServant implements LeaseService {
  private final Map<String, LeaseManager<Object>> managers;

  /** @param managers the lease manager of each leased service, by service name */
  public LeaseServiceServant(Map<String, LeaseManager<Object>> managers) {
    this.managers = Map.copyOf(managers);
  }

  @Override
  public RenewReply renew(List<LeaseGroup> groups, Duration duration) {
    Duration shortest = null;
    List<LeaseGroup> missing = new ArrayList<>();
    for (LeaseGroup group : groups) {
      LeaseManager<Object> manager = managers.get(group.service());
      if (manager == null) {
        missing.add(group);
        continue;
      }
      RenewResult result = manager.renew(group.objectIds(), duration);
      for (Duration granted : result.granted().values()) {
        if (shortest == null || granted.compareTo(shortest) < 0) {
          shortest = granted;
        }
      }
      if (!result.missing().isEmpty()) {
        missing.add(new LeaseGroup(group.service(), List.copyOf(result.missing())));
      }
    }
    return new RenewReply(shortest, missing);
  }

  @Override
  public void release(List<LeaseGroup> groups) {
    for (LeaseGroup group : groups) {
      LeaseManager<Object> manager = managers.get(group.service());
      if (manager != null) {
        group.objectIds().forEach(manager::releaseLease);
      }
    }
  }

  @Override
  public Optional<Duration> remaining(String service, String objectId) {
    LeaseManager<Object> manager = managers.get(service);
    return manager == null ? Optional.empty() : manager.remaining(objectId);
  }
}
