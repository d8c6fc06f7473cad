package org.remoting.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import io.micrometer.core.instrument.Metrics;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.remoting.DeadlineExceededException;
import org.remoting.ObjectNotFoundException;
import org.remoting.RemoteInvocationException;
import org.remoting.ServantBusyException;
import org.remoting.invocation.Invocations;
import org.remoting.testing.FakeClock;

/**
 * Micrometer metrics end to end: call timers by method, style and outcome on both sides; instance,
 * lease and passivation gauges and counters after known events; state store timers; and a server
 * and client without a registry, which record nothing.
 */
class MetricsIntegrationTest {
  private static final String WORK = "test.Work";

  @RegisterExtension final RemotingCleanup cleanup = new RemotingCleanup();

  private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
  private final SimpleMeterRegistry clientMeters = new SimpleMeterRegistry();
  private final Tracker tracker = new Tracker();
  private final ExecutorService threads = Executors.newCachedThreadPool();

  @AfterEach
  void stopThreads() {
    threads.shutdownNow();
  }

  private RemotingCleanup.Started startWork(Transport transport, String servantConfig)
      throws Exception {
    return cleanup.start(
        transport,
        b ->
            b.config(
                    ConfigFactory.parseString(
                        "remoting.servants.\"" + WORK + "\" { " + servantConfig + " }"))
                .meterRegistry(meters)
                .export(Work.class, WorkServant.class, () -> new WorkServant(tracker)));
  }

  private RemotingClient client(RemotingCleanup.Started started) {
    return cleanup.register(
        RemotingClient.builder().target(started.target()).meterRegistry(clientMeters).build());
  }

  /** The count of the server's call timer, 0 if it does not exist. */
  private long calls(String service, String method, String style, String outcome) {
    Timer timer =
        meters.find("remoting.server.calls")
            .tags("service", service, "method", method, "style", style, "outcome", outcome)
            .timer();
    return timer == null ? 0 : timer.count();
  }

  private long clientCalls(String service, String method, String outcome) {
    Timer timer =
        clientMeters.find("remoting.client.calls")
            .tags("service", service, "method", method, "outcome", outcome)
            .timer();
    return timer == null ? 0 : timer.count();
  }

  /** A gauge's or function counter's value for {@code service}, with extra tag pairs. */
  private double value(String name, String service, String... tags) {
    var search = meters.find(name).tag("service", service).tags(tags);
    var gauge = search.gauge();
    if (gauge != null) {
      return gauge.value();
    }
    var counter = search.functionCounter();
    if (counter == null) {
      throw new AssertionError("no meter " + name + " for " + service + " in " + meters.getMetersAsString());
    }
    return counter.count();
  }

  /** Waits for {@code condition}, which other threads make true soon (not time-based logic). */
  private static void eventually(BooleanSupplier condition, String what) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("not within 10 s: " + what);
      }
      Thread.sleep(5);
    }
  }

  @ParameterizedTest
  @EnumSource(Transport.class)
  void everyCallIsTimedByMethodAndOutcomeOnBothSides(Transport transport) throws Exception {
    RemotingCleanup.Started started = startWork(transport, "lifecycle = static");
    RemotingClient client = client(started);
    Work work = client.lookup(Work.class);
    assertEquals(0, calls(WORK, "instance", "unary", "OK"), "registered at start, not counted");
    assertTrue(meters.find("remoting.server.calls").tag("method", "instance").timer() != null);

    for (int i = 0; i < 3; i++) {
      work.instance();
    }
    assertThrows(RemoteInvocationException.class, work::explode);
    assertThrows(ObjectNotFoundException.class, client.lookup(Work.class, "nobody")::instance);

    assertEquals(3, calls(WORK, "instance", "unary", "OK"));
    assertEquals(1, calls(WORK, "explode", "unary", "APPLICATION"));
    assertEquals(1, calls(WORK, "instance", "unary", "OBJECT_NOT_FOUND"));
    assertEquals(0, calls(WORK, "explode", "unary", "OK"));
    Timer ok =
        meters.find("remoting.server.calls").tags("method", "instance", "outcome", "OK").timer();
    assertTrue(ok.totalTime(TimeUnit.NANOSECONDS) > 0);
    assertTrue(ok.max(TimeUnit.NANOSECONDS) > 0);

    assertEquals(3, clientCalls(WORK, "instance", "OK"));
    assertEquals(1, clientCalls(WORK, "explode", "APPLICATION"));
    assertEquals(1, clientCalls(WORK, "instance", "OBJECT_NOT_FOUND"));
    assertEquals(1, value("remoting.server.instances.created", WORK));
    assertEquals(1, value("remoting.server.instances", WORK, "state", "in-use")
        + value("remoting.server.instances", WORK, "state", "idle"));
  }

  @ParameterizedTest
  @EnumSource(Transport.class)
  void aFullPoolShowsInUseAndWaitingCallsInItsGauges(Transport transport) throws Exception {
    RemotingCleanup.Started started =
        startWork(transport, "lifecycle = pooled, pool { min = 0, max = 2, max-wait = 10s }");
    Work work = client(started).lookup(Work.class);
    Future<Integer> first = threads.submit(work::blockUntilCancelled);
    Future<Integer> second = threads.submit(work::blockUntilCancelled);
    eventually(() -> tracker.active.get() == 2, "both calls in their servants");
    Future<Integer> third = threads.submit(work::instance);
    eventually(() -> value("remoting.server.instances.waiting", WORK) == 1, "a waiting call");

    assertEquals(2, value("remoting.server.instances", WORK, "state", "in-use"));
    assertEquals(0, value("remoting.server.instances", WORK, "state", "idle"));
    assertEquals(2, value("remoting.server.instances.created", WORK));

    first.cancel(true); // cancels the gRPC call: the servant returns, its instance serves the third
    assertTrue(third.get(10, TimeUnit.SECONDS) > 0);
    second.cancel(true);
    eventually(() -> tracker.active.get() == 0, "the servants saw the cancellations");
    eventually(
        () -> value("remoting.server.instances", WORK, "state", "idle") == 2, "both back idle");
    assertEquals(0, value("remoting.server.instances.waiting", WORK));
    assertEquals(0, value("remoting.server.instances", WORK, "state", "in-use"));
    assertEquals(0, value("remoting.server.instances.wait.timeouts", WORK));
    // The timer records after the instance is released: wait for it too.
    eventually(
        () -> calls(WORK, "blockUntilCancelled", "unary", "CANCELLED") == 2,
        "both cancelled calls timed");
    assertEquals(1, calls(WORK, "instance", "unary", "OK"));
  }

  @ParameterizedTest
  @EnumSource(Transport.class)
  void anExhaustedPoolCountsTheTimeoutAndTimesTheCallAsServantBusy(Transport transport)
      throws Exception {
    RemotingCleanup.Started started =
        startWork(transport, "lifecycle = pooled, pool { min = 1, max = 1, max-wait = 0ms }");
    Work work = client(started).lookup(Work.class);
    Future<Integer> holder = threads.submit(work::blockUntilCancelled);
    eventually(() -> tracker.active.get() == 1, "the only instance is busy");

    assertThrows(ServantBusyException.class, work::instance);

    assertEquals(1, value("remoting.server.instances.wait.timeouts", WORK));
    assertEquals(1, calls(WORK, "instance", "unary", "SERVANT_BUSY"));
    assertEquals(1, clientCalls(WORK, "instance", "SERVANT_BUSY"));
    holder.cancel(true);
  }

  @ParameterizedTest
  @EnumSource(Transport.class)
  void aCallCutShortByItsDeadlineIsTimedAsDeadlineExceeded(Transport transport)
      throws Exception {
    RemotingCleanup.Started started = startWork(transport, "lifecycle = static");
    Work impatient =
        Remoting.withDeadline(client(started).lookup(Work.class), Duration.ofMillis(100));

    assertThrows(DeadlineExceededException.class, impatient::blockUntilCancelled);

    // The server's deadline starts when the call arrives, a little after the client's: over a
    // network the client's cancellation (RST_STREAM) may arrive first.
    eventually(
        () -> calls(WORK, "blockUntilCancelled", "unary", "DEADLINE_EXCEEDED")
                + calls(WORK, "blockUntilCancelled", "unary", "CANCELLED") == 1,
        "the server times the call when its deadline passes");
    if (transport == Transport.IN_PROCESS) {
      assertEquals(1, calls(WORK, "blockUntilCancelled", "unary", "DEADLINE_EXCEEDED"));
    }
    assertEquals(0, calls(WORK, "blockUntilCancelled", "unary", "OK"), meters.getMetersAsString());
    assertEquals(1, clientCalls(WORK, "blockUntilCancelled", "DEADLINE_EXCEEDED"));
  }

  @ParameterizedTest
  @EnumSource(Transport.class)
  void oneWayCallsAreTimedByTheirStyle(Transport transport) throws Exception {
    RemotingCleanup.Started started = startWork(transport, "lifecycle = static");
    RemotingClient client = client(started);
    Work work = client.lookup(Work.class);

    for (int i = 0; i < 5; i++) {
      Invocations.fireAndForget(work, Work::instance);
    }
    Invocations.fireAndForget(work, Work::explode);
    Invocations.fireAndForget(client.lookup(Work.class, "nobody"), Work::instance);
    // Accepted after every call before it to the same object has run (and been timed).
    Invocations.syncWithServer(work, Work::instance);

    assertEquals(5, calls(WORK, "instance", "fire-and-forget", "OK"));
    assertEquals(1, calls(WORK, "explode", "fire-and-forget", "APPLICATION"));
    eventually(
        () -> calls(WORK, "instance", "fire-and-forget", "OBJECT_NOT_FOUND") == 1,
        "the call to another object, on its own lane");
    eventually(() -> calls(WORK, "instance", "sync-with-server", "OK") == 1, "the fence ran");
    assertEquals(0, calls(WORK, "instance", "unary", "OK"));
    assertEquals(0, clientCalls(WORK, "instance", "OK"), "one-way calls are not timed by clients");
  }

  @ParameterizedTest
  @EnumSource(Transport.class)
  void leaseMetersFollowRegistrationsRenewalsReleasesAndExpiry(Transport transport)
      throws Exception {
    FakeClock clock = new FakeClock();
    RemotingCleanup.Started started =
        cleanup.start(
            transport,
            b ->
                b.config(ConfigFactory.parseString(
                        "remoting.servants.\"test.Cart\".lease { duration = 10s }"))
                    .ticker(clock)
                    .scheduler(clock)
                    .meterRegistry(meters)
                    .export(Shop.class, ShopServant.class));
    RemotingClient renewing =
        cleanup.register(
            RemotingClient.builder().target(started.target()).ticker(clock).scheduler(clock)
                .build());
    FakeClock stopped = new FakeClock(); // never advanced: this client never renews
    RemotingClient forgetful =
        cleanup.register(
            RemotingClient.builder().target(started.target()).ticker(stopped).scheduler(stopped)
                .build());
    Cart kept = renewing.lookup(Shop.class).newCart("kept");
    Cart released = renewing.lookup(Shop.class).newCart("released");
    Cart forgotten = forgetful.lookup(Shop.class).newCart("forgotten");
    assertEquals(3, value("remoting.server.leases.active", "test.Cart"));
    assertEquals(3, value("remoting.server.leases.registered", "test.Cart"));

    assertTrue(Remoting.release(released));
    clock.advance(Duration.ofSeconds(5)); // the renewing client renews its one cart
    clock.advance(Duration.ofSeconds(5)); // again; the forgotten cart's lease runs out
    kept.add("apple");

    assertEquals(1, value("remoting.server.leases.active", "test.Cart"));
    assertEquals(3, value("remoting.server.leases.registered", "test.Cart"));
    assertEquals(2, value("remoting.server.leases.renew.calls", "test.Cart"));
    assertEquals(2, value("remoting.server.leases.renewed", "test.Cart"));
    assertEquals(1, value("remoting.server.leases.released", "test.Cart"));
    assertEquals(0, value("remoting.server.leases.releases.ignored", "test.Cart"));
    assertEquals(1, value("remoting.server.leases.expired", "test.Cart"));
    assertEquals(2, value("remoting.server.instances.destroyed", "test.Cart"));
    assertEquals(2, calls("remoting.Leases", "renew", "unary", "OK"));
    assertEquals(1, calls("test.Cart", "add", "unary", "OK"));
    assertThrows(ObjectNotFoundException.class, forgotten::items);
    assertEquals(1, calls("test.Cart", "items", "unary", "OBJECT_NOT_FOUND"));
  }

  @ParameterizedTest
  @EnumSource(Transport.class)
  void passivationMetersAndStateStoreTimersFollowPassivationsAndActivations(Transport transport)
      throws Exception {
    FakeClock clock = new FakeClock();
    RemotingCleanup.Started started =
        cleanup.start(
            transport,
            b ->
                b.config(ConfigFactory.parseString(
                        "remoting.servants.\"test.Account\".passivation"
                            + " { store = memory, idle = 30s }"))
                    .ticker(clock)
                    .scheduler(clock)
                    .meterRegistry(meters)
                    .export(Account.class, AccountServant.class));
    Account account = client(started).lookup(Account.class, "acct-1");
    String service = "test.Account";

    account.deposit(10); // created: a load finds no state
    assertEquals(1, value("remoting.server.passivation.active", service));
    clock.advance(Duration.ofSeconds(31)); // idle: saved and dropped
    assertEquals(0, value("remoting.server.passivation.active", service));
    assertEquals(15, account.deposit(5)); // restored: loaded

    assertEquals(1, value("remoting.server.passivation.active", service));
    assertEquals(1, value("remoting.server.passivation.creations", service));
    assertEquals(1, value("remoting.server.passivation.passivations", service));
    assertEquals(1, value("remoting.server.passivation.activations", service));
    assertEquals(0, value("remoting.server.passivation.failures", service));
    assertEquals(2, value("remoting.server.instances.created", service));
    assertEquals(1, value("remoting.server.instances.destroyed", service));
    assertEquals(2, storeTimer(service, "load", "OK").count());
    assertEquals(1, storeTimer(service, "save", "OK").count());
    assertNull(meters.find("remoting.server.state.store").tag("outcome", "ERROR").timer());
    assertEquals(2, calls(service, "deposit", "unary", "OK"));
  }

  private Timer storeTimer(String service, String operation, String outcome) {
    return meters.find("remoting.server.state.store")
        .tags("service", service, "operation", operation, "outcome", outcome)
        .timer();
  }

  @ParameterizedTest
  @EnumSource(Transport.class)
  void aServerAndClientWithoutARegistryServeAndRecordNothing(Transport transport)
      throws Exception {
    RemotingCleanup.Started started =
        cleanup.start(
            transport,
            b ->
                b.config(ConfigFactory.parseString(
                        "remoting.servants.\"" + WORK + "\".lifecycle = pooled"))
                    .export(Work.class, WorkServant.class, () -> new WorkServant(tracker)));
    Work work = cleanup.client(started).lookup(Work.class);

    assertTrue(work.instance() > 0);
    assertThrows(RemoteInvocationException.class, work::explode);
    Invocations.syncWithServer(work, Work::instance);
    assertTrue(work.instance() > 0);

    assertTrue(Metrics.globalRegistry.find("remoting.server.calls").meters().isEmpty(),
        "nothing goes to the global registry");
    assertTrue(Metrics.globalRegistry.find("remoting.client.calls").meters().isEmpty());
  }

  @Test
  void aTerminatedServersGaugesLeaveTheRegistryAndItsSuccessorRegistersItsOwn()
      throws Exception {
    RemotingCleanup.Started first = startWork(Transport.IN_PROCESS, "lifecycle = lazy");
    Work work = client(first).lookup(Work.class);
    work.instance();
    work.instance();
    assertEquals(1, value("remoting.server.instances.created", WORK));
    first.server().close();

    assertTrue(meters.find("remoting.server.instances.created").meters().isEmpty());
    assertTrue(meters.find("remoting.server.instances").meters().isEmpty());
    assertEquals(2, calls(WORK, "instance", "unary", "OK"), "timers stay");

    RemotingCleanup.Started second = startWork(Transport.IN_PROCESS, "lifecycle = lazy");
    assertEquals(0, value("remoting.server.instances.created", WORK), "the new server's lazy");
    client(second).lookup(Work.class).instance();
    assertEquals(1, value("remoting.server.instances.created", WORK));
    assertEquals(3, calls(WORK, "instance", "unary", "OK"), "one timer per service and method");
  }

  @Test
  void aMeterRegistryIsSetOnce() {
    RemotingServer.Builder server = RemotingServer.builder().meterRegistry(meters);
    assertThrows(IllegalStateException.class, () -> server.meterRegistry(meters));
    assertThrows(NullPointerException.class, () -> RemotingServer.builder().meterRegistry(null));
    RemotingClient.Builder client = RemotingClient.builder().meterRegistry(meters);
    assertThrows(IllegalStateException.class, () -> client.meterRegistry(meters));
    assertThrows(NullPointerException.class, () -> RemotingClient.builder().meterRegistry(null));
  }
}
