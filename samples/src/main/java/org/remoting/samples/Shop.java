package org.remoting.samples;

import java.util.List;
import org.remoting.Remote;

/**
 * A shop that hands out shopping carts: the leased lifecycle's sample. {@link #newCart} is a
 * remote factory: it returns a {@link Cart} by reference, so each cart is a leased object that
 * lives while the client holding it renews its lease.
 */
@Remote("demo.Shop")
public interface Shop {
  /** A new, empty cart for {@code customer}: the client gets a proxy of a new leased object. */
  Cart newCart(String customer);

  /**
   * Places the order held in {@code cart}. A cart proxy passed back to the server that created it
   * arrives as the live cart servant, not as a copy.
   */
  Order checkout(Cart cart);

  /** The server's lease counters of {@code demo.Cart}, so a client can see renewals happen. */
  LeaseCounters cartLeases();

  /** An order placed by {@link #checkout}. */
  record Order(int number, String customer, List<String> items) {}

  /**
   * What the server counted for carts.
   *
   * @param live carts whose lease is running
   * @param renewCalls renewal calls received, each renewing every cart its client holds
   * @param leasesRenewed cart leases renewed, summed over those calls
   * @param expired leases that ran out because their client stopped renewing
   * @param released leases ended by their client
   */
  record LeaseCounters(
      int live, long renewCalls, long leasesRenewed, long expired, long released) {}
}
