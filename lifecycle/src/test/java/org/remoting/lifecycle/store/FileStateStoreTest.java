package org.remoting.lifecycle.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileStateStoreTest extends StateStoreContract {
  @TempDir Path dir;

  @Override
  StateStore newStore() {
    return new FileStateStore(dir);
  }

  /** Closes the current store and opens a new one on the same directory, as after a restart. */
  private StateStore restart() {
    store.close();
    store = new FileStateStore(dir);
    return store;
  }

  @Test
  void aThousandIdsSurviveARestart() throws Exception {
    store = newStore();
    int threads = 4; // several writers, so the file system can batch their syncs
    ExecutorService executor = Executors.newFixedThreadPool(threads);
    try {
      List<Future<?>> futures = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        int first = t;
        futures.add(
            executor.submit(
                () -> {
                  for (int i = first; i < 1000; i += threads) {
                    store.save(SERVICE, "acct-" + i, bytes("balance " + i));
                  }
                }));
      }
      for (Future<?> f : futures) {
        f.get(30, TimeUnit.SECONDS);
      }
    } finally {
      executor.shutdownNow();
    }

    restart();
    for (int i = 0; i < 1000; i++) {
      assertArrayEquals(bytes("balance " + i), store.load(SERVICE, "acct-" + i).orElseThrow());
    }
    assertEquals(Optional.empty(), store.load(SERVICE, "acct-1000"));
  }

  @Test
  void oddIdsSurviveARestartAndStayInsideTheServiceDirectory() throws Exception {
    store = newStore();
    for (int i = 0; i < ODD_IDS.size(); i++) {
      store.save(SERVICE, ODD_IDS.get(i), bytes("state " + i));
    }
    restart();
    for (int i = 0; i < ODD_IDS.size(); i++) {
      assertArrayEquals(bytes("state " + i), store.load(SERVICE, ODD_IDS.get(i)).orElseThrow());
    }
    Path serviceDir = dir.resolve("demo.%41ccount");
    try (Stream<Path> all = Files.walk(dir)) {
      List<Path> files = all.filter(Files::isRegularFile).toList();
      assertEquals(
          ODD_IDS.size() + 1, files.size(), () -> "one file per id and the lock: " + files);
      for (Path file : files) {
        assertTrue(
            file.getParent().equals(serviceDir) || file.equals(dir.resolve(".lock")),
            () -> "outside the service directory: " + file);
        assertTrue(file.getFileName().toString().length() <= FileNames.MAX_LENGTH);
      }
    }
  }

  @Test
  void filesHoldExactlyTheStateUnderEncodedNames() throws Exception {
    store = newStore();
    store.save("demo.Account", "acct-42", bytes("forty-two"));
    assertArrayEquals(
        bytes("forty-two"), Files.readAllBytes(dir.resolve("demo.%41ccount").resolve("acct-42")));
  }

  @Test
  void aCrashBetweenWriteAndRenameLeavesThePreviousState() throws Exception {
    new FileStateStore(dir).close(); // creates the directory
    List<Path> temps = new ArrayList<>();
    store =
        new FileStateStore(
            dir,
            (temp, target) -> {
              // The new state is completely written, the old one is still in place...
              temps.add(temp);
              if (Files.exists(target)) {
                assertArrayEquals(bytes("new"), Files.readAllBytes(temp));
                assertArrayEquals(bytes("old"), Files.readAllBytes(target));
                throw new IOException("simulated crash before rename"); // ...and we die here.
              }
            });
    store.save(SERVICE, "acct-1", bytes("old")); // first save: no crash
    temps.clear();

    UncheckedIOException e =
        assertThrows(UncheckedIOException.class, () -> store.save(SERVICE, "acct-1", bytes("new")));
    assertTrue(e.getMessage().contains(dir.toString()), e.getMessage());
    assertTrue(e.getMessage().contains("acct-1"), e.getMessage());
    assertArrayEquals(bytes("old"), store.load(SERVICE, "acct-1").orElseThrow());
    assertEquals(1, temps.size());
    assertFalse(Files.exists(temps.get(0)), "the failed save removes its temporary file");

    restart();
    assertArrayEquals(bytes("old"), store.load(SERVICE, "acct-1").orElseThrow());
  }

  /** What a process killed between write and rename leaves behind: temporary files. */
  @Test
  void temporaryFilesLeftByACrashAreIgnoredAndDeletedAtStart() throws Exception {
    store = newStore();
    store.save(SERVICE, "acct-1", bytes("old"));
    Path serviceDir = dir.resolve("demo.%41ccount");
    Path complete = serviceDir.resolve(FileStateStore.TEMP_PREFIX + "complete");
    Path partial = serviceDir.resolve(FileStateStore.TEMP_PREFIX + "partial");
    Files.write(complete, bytes("new"));
    Files.write(partial, bytes("ne"));

    assertArrayEquals(bytes("old"), store.load(SERVICE, "acct-1").orElseThrow());
    assertEquals(Optional.empty(), store.load(SERVICE, FileStateStore.TEMP_PREFIX + "complete"));

    restart();
    assertFalse(Files.exists(complete));
    assertFalse(Files.exists(partial));
    assertArrayEquals(bytes("old"), store.load(SERVICE, "acct-1").orElseThrow());
    store.save(SERVICE, "acct-1", bytes("newer"));
    assertArrayEquals(bytes("newer"), store.load(SERVICE, "acct-1").orElseThrow());
  }

  @Test
  void aFailedSaveKeepsThePreviousStateAndNamesTheFile() throws Exception {
    store =
        new FileStateStore(
            dir,
            (temp, target) -> {
              throw new IOException("disk full");
            });
    UncheckedIOException e =
        assertThrows(UncheckedIOException.class, () -> store.save(SERVICE, "acct-1", bytes("x")));
    assertTrue(e.getMessage().contains(dir.resolve("demo.%41ccount").resolve("acct-1").toString()));
    assertTrue(e.getMessage().contains("disk full"), e.getMessage());
    assertEquals(Optional.empty(), store.load(SERVICE, "acct-1"));
  }

  @Test
  void aReadFailureNamesTheFile() throws Exception {
    store = newStore();
    Path file = dir.resolve("demo.%41ccount").resolve("acct-1");
    Files.createDirectories(file); // a directory where the state file should be
    UncheckedIOException e =
        assertThrows(UncheckedIOException.class, () -> store.load(SERVICE, "acct-1"));
    assertTrue(e.getMessage().contains(file.toString()), e.getMessage());
  }

  @Test
  void oneStorePerDirectory() throws Exception {
    store = newStore();
    IllegalStateException e =
        assertThrows(IllegalStateException.class, () -> new FileStateStore(dir));
    assertTrue(e.getMessage().contains(dir.toString()), e.getMessage());
    store.save(SERVICE, "x", bytes("still works"));

    restart(); // once closed, the directory can be opened again
    assertArrayEquals(bytes("still works"), store.load(SERVICE, "x").orElseThrow());
  }

  @Test
  void createsTheDirectory() throws Exception {
    Path nested = dir.resolve("a").resolve("b");
    store = new FileStateStore(nested);
    store.save(SERVICE, "x", bytes("x"));
    assertEquals(nested, ((FileStateStore) store).directory());
    assertTrue(Files.isRegularFile(nested.resolve("demo.%41ccount").resolve("x")));
  }

  @Test
  void deleteRemovesTheFile() throws Exception {
    store = newStore();
    store.save(SERVICE, "x", bytes("x"));
    Path file = dir.resolve("demo.%41ccount").resolve("x");
    assertTrue(Files.exists(file));
    store.delete(SERVICE, "x");
    assertFalse(Files.exists(file));
  }
}
