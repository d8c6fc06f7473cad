package org.remoting.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.remoting.DeadlineExceededException;
import org.remoting.Lifecycle;
import org.remoting.RemoteInvocationException;
import org.remoting.ServantBusyException;
import org.remoting.testing.FakeClock;

/** The four stateless lifecycles' contracts, end to end over gRPC, chosen only by config. */
class LifecycleIntegrationTest {
  @RegisterExtension final RemotingCleanup cleanup = new RemotingCleanup();

  @TempDir Path tempDir;

  private final Tracker tracker = new Tracker();
  private final ExecutorService threads = Executors.newCachedThreadPool();

  @AfterEach
  void stopThreads() {
    threads.shutdownNow();
  }

  private Work start(Transport transport, String servantConfig) throws Exception {
    return cleanup.client(startWithServer(transport, servantConfig)).lookup(Work.class);
  }

  private RemotingCleanup.Started startWithServer(Transport transport, String servantConfig)
      throws Exception {
    return cleanup.start(
            transport,
            b ->
                b.config(
                        ConfigFactory.parseString(
                            "remoting.servants.\"test.Work\" { " + servantConfig + " }"))
                    .export(Work.class, WorkServant.class, () -> new WorkServant(tracker)));
  }

  @ParameterizedTest
  @EnumSource(Transport.class)
  void staticInstanceIsCreatedAtStartAndShared(Transport transport) throws Exception {
    Work work = start(transport, "lifecycle = static");
    assertEquals(1, tracker.created.get(), "created when the server starts");
    int first = work.instance();
    for (int i = 0; i < 10; i++) {
      assertEquals(first, work.instance());
    }
    assertEquals(1, tracker.created.get());
  }

  @ParameterizedTest
  @EnumSource(Transport.class)
  void lazyInstanceIsCreatedOnceWhen32ThreadsMakeTheFirstCallTogether(Transport transport)
      throws Exception {
    Work work = start(transport, "lifecycle = lazy");
    assertEquals(0, tracker.created.get(), "not created before the first call");
    CyclicBarrier barrier = new CyclicBarrier(32);
    List<Future<Integer>> calls = new ArrayList<>();
    for (int i = 0; i < 32; i++) {
      calls.add(
          threads.submit(
              () -> {
                barrier.await();
                return work.instance();
              }));
    }
    Set<Integer> instances = new HashSet<>();
    for (Future<Integer> call : calls) {
      instances.add(call.get(10, TimeUnit.SECONDS));
    }
    assertEquals(Set.of(1), instances);
    assertEquals(1, tracker.created.get());
  }

  @ParameterizedTest
  @EnumSource(Transport.class)
  void perRequestCreatesOneInstancePerCallAndClosesEach(Transport transport) throws Exception {
    Work work = start(transport, "lifecycle = per-request");
    Set<Integer> instances = new HashSet<>();
    for (int i = 0; i < 20; i++) {
      instances.add(work.instance());
    }
    List<Future<Integer>> calls = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      calls.add(threads.submit(() -> work.hold(5)));
    }
    for (Future<Integer> call : calls) {
      instances.add(call.get(10, TimeUnit.SECONDS));
    }
    assertEquals(40, instances.size(), "a distinct instance per call");
    assertEquals(40, tracker.created.get());
    assertEquals(40, tracker.closed.get(), "every instance closed after its call");
  }

  @ParameterizedTest
  @EnumSource(Transport.class)
  void poolOfTwoServesEightConcurrentSlowCallsWithNeverMoreThanTwoInstances(Transport transport)
      throws Exception {
    Work work = start(transport, "lifecycle = pooled, pool { min = 0, max = 2, max-wait = 10s }");
    List<Future<Integer>> calls = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      calls.add(threads.submit(() -> work.hold(50)));
    }
    Set<Integer> instances = new HashSet<>();
    for (Future<Integer> call : calls) {
      instances.add(call.get(10, TimeUnit.SECONDS));
    }
    assertEquals(8, tracker.completed.get(), "every waiter was served");
    assertTrue(tracker.maxActive.get() <= 2, "at most 2 calls at once: " + tracker.maxActive);
    assertTrue(tracker.created.get() <= 2, "at most 2 instances: " + tracker.created);
    assertTrue(instances.size() <= 2);
  }

  @ParameterizedTest
  @EnumSource(Transport.class)
  void exhaustedPoolFailsWithServantBusyAfterMaxWait(Transport transport) throws Exception {
    Work work = start(transport, "lifecycle = pooled, pool { min = 1, max = 1, max-wait = 200ms }");
    Future<Integer> holder = threads.submit(() -> work.hold(2_000));
    while (tracker.active.get() == 0) {
      Thread.sleep(5);
    }
    long start = System.nanoTime();
    ServantBusyException busy = assertThrows(ServantBusyException.class, work::instance);
    long waitedMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
    assertTrue(waitedMillis >= 180, "waited max-wait first: " + waitedMillis + " ms");
    assertTrue(waitedMillis < 1_500, "gave up within max-wait plus slack: " + waitedMillis + " ms");
    assertTrue(busy.getMessage().contains("test.Work"), busy.getMessage());
    assertEquals(1, holder.get(10, TimeUnit.SECONDS));
    assertEquals(1, work.instance(), "served again once the instance is free");
  }

  @ParameterizedTest
  @EnumSource(Transport.class)
  void resetHookRunsBetweenUsesOfAPooledInstance(Transport transport) throws Exception {
    Work work = start(transport, "lifecycle = pooled, pool { min = 1, max = 1 }");
    for (int i = 0; i < 5; i++) {
      assertFalse(work.wasDirty(), "call " + i + " found the instance reset");
    }
    assertEquals(5, tracker.resets.get());
    assertEquals(1, tracker.created.get());
  }

  @ParameterizedTest
  @EnumSource(Transport.class)
  void deadlineMidCallGivesThePooledInstanceBack(Transport transport) throws Exception {
    RemotingCleanup.Started started =
        startWithServer(transport, "lifecycle = pooled, pool { min = 0, max = 1, max-wait = 5s }");
    Work work = cleanup.client(started).lookup(Work.class);
    Work impatient = Remoting.withDeadline(work, Duration.ofMillis(150));
    assertThrows(DeadlineExceededException.class, impatient::blockUntilCancelled);
    assertEquals(1, work.instance(), "the next call gets the same, released instance");
    assertEquals(1, tracker.cancellationsSeen.get(), "the servant saw the deadline cancel it");
    assertEquals(0, started.server().stats("test.Work").inUse());
    assertEquals(1, started.server().stats("test.Work").created());
  }


  @ParameterizedTest
  @EnumSource(Transport.class)
  void servantExceptionGivesThePooledInstanceBack(Transport transport) throws Exception {
    RemotingCleanup.Started started = startWithServer(transport, "lifecycle = pooled, pool { min = 0, max = 1 }");
    Work work = cleanup.client(started).lookup(Work.class);
    for (int i = 0; i < 3; i++) {
      RemoteInvocationException e = assertThrows(RemoteInvocationException.class, work::explode);
      assertTrue(e.getMessage().contains("instance 1 exploded"), e.getMessage());
    }
    assertEquals(1, work.instance());
    assertEquals(0, started.server().stats("test.Work").inUse());
    assertEquals(1, started.server().stats("test.Work").created());
  }

  @ParameterizedTest
  @EnumSource(Transport.class)
  void clientCancellationMidCallGivesThePooledInstanceBack(Transport transport) throws Exception {
    RemotingCleanup.Started started = startWithServer(transport, "lifecycle = pooled, pool { min = 0, max = 1 }");
    Work work = cleanup.client(started).lookup(Work.class);
    Future<Integer> call = threads.submit(work::blockUntilCancelled);
    while (tracker.active.get() == 0) {
      Thread.sleep(5);
    }
    call.cancel(true); // interrupts the calling thread, which cancels the gRPC call
    assertEquals(1, work.instance(), "served by the released instance");
    assertEquals(1, tracker.cancellationsSeen.get(), "the servant saw the cancellation");
    assertEquals(0, started.server().stats("test.Work").inUse());
  }

  @ParameterizedTest
  @EnumSource(Transport.class)
  void resultIsEncodedBeforeThePooledInstanceIsReset(Transport transport) throws Exception {
    Work work = start(transport, "lifecycle = pooled, pool { min = 1, max = 1 }");
    assertEquals(List.of("item-0", "item-1", "item-2"), work.fill(3));
    assertEquals(List.of("item-0"), work.fill(1), "reset cleared the list between calls");
  }

  @ParameterizedTest
  @EnumSource(Transport.class)
  void resultThatCannotBeEncodedIsReportedAndTheInstanceReturned(Transport transport)
      throws Exception {
    RemotingCleanup.Started started =
        startWithServer(transport, "lifecycle = pooled, pool { min = 1, max = 1 }");
    Work work = cleanup.client(started).lookup(Work.class);
    RemoteInvocationException e =
        assertThrows(RemoteInvocationException.class, work::withNullElement);
    assertEquals("INTERNAL", e.status());
    assertTrue(e.getMessage().contains("test.Work/withNullElement"), e.getMessage());
    assertTrue(e.getMessage().contains("cannot be sent"), e.getMessage());
    assertEquals(1, work.instance());
    assertEquals(0, started.server().stats("test.Work").inUse());
  }

  @ParameterizedTest
  @EnumSource(Transport.class)
  void argumentThatCannotBeEncodedFailsOnTheCallersThreadAndNothingIsSent(Transport transport)
      throws Exception {
    RemotingCleanup.Started started = startWithServer(transport, "lifecycle = static");
    Work work = cleanup.client(started).lookup(Work.class);
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class, () -> work.count(java.util.Arrays.asList("a", null)));
    assertTrue(e.getMessage().contains("test.Work/count"), e.getMessage());
    assertTrue(e.getMessage().toLowerCase(java.util.Locale.ROOT).contains("null"), e.getMessage());
    assertEquals(2, work.count(List.of("a", "b")), "the proxy still works");
  }

  @ParameterizedTest
  @EnumSource(Transport.class)
  void callWhoseDeadlinePassesWhileWaitingForThePoolNeverRuns(Transport transport)
      throws Exception {
    RemotingCleanup.Started started =
        startWithServer(transport, "lifecycle = pooled, pool { min = 0, max = 1, max-wait = 5s }");
    Work work = cleanup.client(started).lookup(Work.class);
    Future<Integer> holder = threads.submit(() -> work.hold(600));
    while (tracker.active.get() == 0) {
      Thread.sleep(5);
    }
    Work impatient = Remoting.withDeadline(work, Duration.ofMillis(100));
    assertThrows(DeadlineExceededException.class, () -> impatient.hold(1));
    assertEquals(1, holder.get(10, TimeUnit.SECONDS));
    assertEquals(1, work.instance());
    assertEquals(1, tracker.completed.get(), "the impatient call never ran its servant method");
    assertEquals(0, started.server().stats("test.Work").inUse());
  }

  @ParameterizedTest
  @EnumSource(Transport.class)
  void idlePooledInstancesShrinkToMinWhenTheClockAdvances(Transport transport) throws Exception {
    FakeClock clock = new FakeClock();
    RemotingCleanup.Started started =
        cleanup.start(
            transport,
            b ->
                b.config(
                        ConfigFactory.parseString(
                            "remoting.servants.\"test.Work\" "
                                + "{ lifecycle = pooled, pool { min = 1, max = 4, idle = 60s } }"))
                    .ticker(clock)
                    .scheduler(clock)
                    .export(Work.class, WorkServant.class, () -> new WorkServant(tracker)));
    Work work = cleanup.client(started).lookup(Work.class);
    List<Future<Integer>> calls = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      calls.add(threads.submit(() -> work.together(4))); // needs 4 instances at once
    }
    for (Future<Integer> call : calls) {
      call.get(15, TimeUnit.SECONDS);
    }
    RemotingServer server = started.server();
    assertEquals(4, server.stats("test.Work").alive());
    clock.advance(Duration.ofSeconds(30));
    assertEquals(4, server.stats("test.Work").alive(), "not idle long enough yet");
    clock.advance(Duration.ofSeconds(120));
    assertEquals(1, server.stats("test.Work").alive(), "shrunk back to min");
    assertEquals(3, tracker.closed.get(), "discarded instances were closed");
    assertTrue(work.instance() > 0, "still serving after shrinking");
  }

  @ParameterizedTest
  @EnumSource(Transport.class)
  void serializedStaticServantRunsOneCallAtATime(Transport transport) throws Exception {
    Work work = start(transport, "lifecycle = static, concurrency = serialized");
    List<Future<Integer>> calls = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      calls.add(threads.submit(() -> work.hold(20)));
    }
    for (Future<Integer> call : calls) {
      call.get(10, TimeUnit.SECONDS);
    }
    assertEquals(1, tracker.maxActive.get());
  }

  @ParameterizedTest
  @EnumSource(Transport.class)
  void sharedStaticServantRunsCallsConcurrently(Transport transport) throws Exception {
    Work work = start(transport, "lifecycle = static");
    List<Future<Integer>> calls = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      calls.add(threads.submit(() -> work.together(4))); // fails unless all 4 run at once
    }
    for (Future<Integer> call : calls) {
      assertEquals(1, call.get(15, TimeUnit.SECONDS));
    }
    assertEquals(4, tracker.maxActive.get());
  }

  @ParameterizedTest
  @EnumSource(Transport.class)
  void switchingTheLifecycleInConfigChangesBehaviourWithoutCodeChanges(Transport transport)
      throws Exception {
    Work asStatic = start(transport, "lifecycle = static");
    assertEquals(asStatic.instance(), asStatic.instance());

    Path file = tempDir.resolve("server.conf");
    Files.writeString(file, "remoting.servants.\"test.Work\".lifecycle = per-request\n");
    Tracker other = new Tracker();
    RemotingCleanup.Started started =
        cleanup.start(
            transport,
            b ->
                b.config(ConfigFactory.parseFile(file.toFile()))
                    .export(Work.class, WorkServant.class, () -> new WorkServant(other)));
    Work perRequest = cleanup.client(started).lookup(Work.class);
    assertNotEquals(perRequest.instance(), perRequest.instance());
    assertEquals(Lifecycle.PER_REQUEST, started.server().servantPolicy("test.Work").lifecycle());
  }

}
