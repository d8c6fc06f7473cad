package org.remoting.lifecycle.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** What every {@link StateStore} guarantees; each implementation's test extends this. */
abstract class StateStoreContract {
  static final String SERVICE = "demo.Account";

  /** Ids that are awkward as file names, map keys or strings. */
  static final List<String> ODD_IDS =
      List.of(
          "",
          ".",
          "..",
          "../escape",
          "a/b",
          "/absolute",
          "a\\b",
          "C:",
          ".hidden",
          ".tmp-123",
          ".lock",
          "acct",
          "Acct",
          "ACCT",
          "%41cct",
          "%",
          "a~b",
          "sp ace",
          "tab\tnew\nline",
          "nul\0char",
          "ä漢字😀",
          "\uD800",
          "?",
          "\uDC00\uD800",
          "x".repeat(300),
          "X".repeat(300),
          "ü".repeat(200),
          "x".repeat(299) + "y");

  StateStore store;

  /** A new, empty store. */
  abstract StateStore newStore() throws Exception;

  @AfterEach
  void closeStore() {
    if (store != null) {
      store.close();
    }
  }

  static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void loadOfUnknownObjectIsEmpty() throws Exception {
    store = newStore();
    assertEquals(Optional.empty(), store.load(SERVICE, "nobody"));
  }

  @Test
  void saveLoadAndDeleteRoundTrip() throws Exception {
    store = newStore();
    store.save(SERVICE, "acct-1", bytes("one"));
    assertArrayEquals(bytes("one"), store.load(SERVICE, "acct-1").orElseThrow());

    store.save(SERVICE, "acct-1", bytes("two, longer than one"));
    assertArrayEquals(bytes("two, longer than one"), store.load(SERVICE, "acct-1").orElseThrow());

    store.save(SERVICE, "acct-1", new byte[0]);
    assertArrayEquals(new byte[0], store.load(SERVICE, "acct-1").orElseThrow());

    store.delete(SERVICE, "acct-1");
    assertEquals(Optional.empty(), store.load(SERVICE, "acct-1"));
    store.delete(SERVICE, "acct-1"); // deleting nothing is fine
    store.delete("never.Used", "x");
  }

  @Test
  void servicesAndIdsAreSeparateSlots() throws Exception {
    store = newStore();
    store.save("a", "b/c", bytes("1"));
    store.save("a/b", "c", bytes("2"));
    store.save("b", "b/c", bytes("3"));
    store.save("A", "b/c", bytes("4"));
    assertArrayEquals(bytes("1"), store.load("a", "b/c").orElseThrow());
    assertArrayEquals(bytes("2"), store.load("a/b", "c").orElseThrow());
    assertArrayEquals(bytes("3"), store.load("b", "b/c").orElseThrow());
    assertArrayEquals(bytes("4"), store.load("A", "b/c").orElseThrow());
    store.delete("a", "b/c");
    assertEquals(Optional.empty(), store.load("a", "b/c"));
    assertArrayEquals(bytes("3"), store.load("b", "b/c").orElseThrow());
  }

  @Test
  void arraysAreCopiedInAndOut() throws Exception {
    store = newStore();
    byte[] state = bytes("abc");
    store.save(SERVICE, "x", state);
    state[0] = 'z';
    byte[] loaded = store.load(SERVICE, "x").orElseThrow();
    assertArrayEquals(bytes("abc"), loaded);
    loaded[1] = 'z';
    assertArrayEquals(bytes("abc"), store.load(SERVICE, "x").orElseThrow());
  }

  @Test
  void oddIdsAreDistinctSlots() throws Exception {
    store = newStore();
    for (int i = 0; i < ODD_IDS.size(); i++) {
      store.save(SERVICE, ODD_IDS.get(i), bytes("state " + i));
    }
    for (int i = 0; i < ODD_IDS.size(); i++) {
      String id = ODD_IDS.get(i);
      assertArrayEquals(
          bytes("state " + i), store.load(SERVICE, id).orElseThrow(), () -> "id " + id);
    }
    // odd service names too
    for (String service : List.of("..", "a/b", "Demo", "demo", "")) {
      store.save(service, "..", bytes(service));
    }
    for (String service : List.of("..", "a/b", "Demo", "demo", "")) {
      assertArrayEquals(bytes(service), store.load(service, "..").orElseThrow());
    }
  }

  @Test
  void concurrentSavesToDistinctIds() throws Exception {
    store = newStore();
    int threads = 4;
    int perThread = 50;
    ExecutorService executor = Executors.newFixedThreadPool(threads);
    try {
      List<Future<?>> futures = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        int thread = t;
        futures.add(
            executor.submit(
                () -> {
                  for (int i = 0; i < perThread; i++) {
                    store.save(SERVICE, thread + "-" + i, bytes("v" + thread + "-" + i));
                  }
                }));
      }
      for (Future<?> f : futures) {
        f.get(20, TimeUnit.SECONDS);
      }
    } finally {
      executor.shutdownNow();
    }
    for (int t = 0; t < threads; t++) {
      for (int i = 0; i < perThread; i++) {
        assertArrayEquals(bytes("v" + t + "-" + i), store.load(SERVICE, t + "-" + i).orElseThrow());
      }
    }
  }

  /** Each writer saves arrays filled with its own byte; readers must only ever see whole ones. */
  @Test
  void concurrentSavesToOneIdLeaveOneWholeState() throws Exception {
    store = newStore();
    int writers = 4;
    int size = 64 * 1024;
    store.save(SERVICE, "hot", filled((byte) 100, size));
    AtomicBoolean writing = new AtomicBoolean(true);
    ExecutorService executor = Executors.newFixedThreadPool(writers + 1);
    try {
      List<Future<?>> futures = new ArrayList<>();
      for (int w = 0; w < writers; w++) {
        byte mark = (byte) w;
        futures.add(
            executor.submit(
                () -> {
                  for (int i = 0; i < 25; i++) {
                    store.save(SERVICE, "hot", filled(mark, size));
                  }
                }));
      }
      Future<Integer> reader =
          executor.submit(
              () -> {
                int reads = 0;
                while (writing.get() || reads == 0) {
                  assertWhole(store.load(SERVICE, "hot").orElseThrow(), size);
                  reads++;
                }
                return reads;
              });
      for (Future<?> f : futures) {
        f.get(20, TimeUnit.SECONDS);
      }
      writing.set(false);
      assertTrue(reader.get(20, TimeUnit.SECONDS) > 0);
    } finally {
      executor.shutdownNow();
    }
    byte[] last = store.load(SERVICE, "hot").orElseThrow();
    assertWhole(last, size);
    assertTrue(last[0] >= 0 && last[0] < writers, "one of the writers' states");
  }

  static byte[] filled(byte b, int size) {
    byte[] a = new byte[size];
    Arrays.fill(a, b);
    return a;
  }

  static void assertWhole(byte[] state, int size) {
    assertEquals(size, state.length, "length");
    for (byte b : state) {
      if (b != state[0]) {
        throw new AssertionError("a torn state: bytes " + state[0] + " and " + b);
      }
    }
  }

  @Test
  void nullArgumentsAreRejected() throws Exception {
    store = newStore();
    assertThrows(NullPointerException.class, () -> store.load(null, "x"));
    assertThrows(NullPointerException.class, () -> store.load(SERVICE, null));
    assertThrows(NullPointerException.class, () -> store.save(SERVICE, "x", null));
    assertThrows(NullPointerException.class, () -> store.save(null, "x", new byte[0]));
    assertThrows(NullPointerException.class, () -> store.delete(SERVICE, null));
  }

  @Test
  void aClosedStoreRejectsCallsAndClosesIdempotently() throws Exception {
    store = newStore();
    store.save(SERVICE, "x", bytes("x"));
    store.close();
    store.close();
    assertThrows(IllegalStateException.class, () -> store.load(SERVICE, "x"));
    assertThrows(IllegalStateException.class, () -> store.save(SERVICE, "x", bytes("y")));
    assertThrows(IllegalStateException.class, () -> store.delete(SERVICE, "x"));
  }
}
