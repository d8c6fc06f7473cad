package org.remoting.samples;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.remoting.Lifecycle;
import org.remoting.Servant;
import org.remoting.lifecycle.lease.LeaseStats;

/** Static: one shop, which creates a leased {@link CartServant} per {@link #newCart} call. */
@Servant(lifecycle = Lifecycle.STATIC)
public final class ShopServant implements Shop {
  private final AtomicInteger orders = new AtomicInteger();
  private final Supplier<LeaseStats> cartLeases;

  /** A shop whose {@link #cartLeases} reports {@code cartLeases}: the server's, for demo.Cart. */
  public ShopServant(Supplier<LeaseStats> cartLeases) {
    this.cartLeases = cartLeases;
  }

  @Override
  public Cart newCart(String customer) {
    return new CartServant(customer); // returned by reference: exported with a fresh id and lease
  }

  @Override
  public Order checkout(Cart cart) {
    // The client passed its proxy; here it is the servant this shop created, not a copy.
    CartServant servant = (CartServant) cart;
    System.out.println("  [server] checkout received " + servant.customer() + "'s cart as the live "
        + servant.getClass().getSimpleName() + ", not a copy");
    return new Order(orders.incrementAndGet(), servant.customer(), servant.items());
  }

  @Override
  public LeaseCounters cartLeases() {
    LeaseStats stats = cartLeases.get();
    return new LeaseCounters(stats.active(), stats.renewCalls(), stats.leasesRenewed(),
        stats.expired(), stats.released());
  }
}
