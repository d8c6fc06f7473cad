package org.remoting.lifecycle.store;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A durable {@link StateStore}: one file per object, {@code <directory>/<service>/<object id>},
 * both names encoded so that any string is a safe file name (see below). The embedded default store
 * of passivated servants.
 *
 * <p><b>Atomic writes.</b> {@link #save} writes the bytes to a temporary file in the same
 * directory, forces it to disk, renames it over the object's file with
 * {@link StandardCopyOption#ATOMIC_MOVE}, and then forces the directory, where the platform allows
 * it (Linux and macOS do; Windows does not, and there the rename is durable once the OS flushes
 * it). A crash at any point leaves either the old file or the new one, never a partial file; the
 * previous state stays readable. Temporary files are named {@code .tmp-*}; those left by a crash
 * are ignored by {@link #load} and deleted when a store is next opened on the directory. Concurrent
 * saves of one object each rename their own temporary file, so the last rename wins, whole.
 *
 * <p><b>File names.</b> Both the service name and the object id are percent-encoded over UTF-8:
 * {@code a-z 0-9 - _ .} stay, a leading dot and every other byte (upper-case letters too, so names
 * stay distinct on case-insensitive file systems such as macOS's) become {@code %XX}; names longer
 * than 200 characters are shortened to a prefix plus the SHA-256 of the id. So {@code demo.Account}
 * / {@code acct-42} is stored in {@code demo.%41ccount/acct-42}, and ids such as {@code ../x},
 * {@code a/b} or {@code ..} stay inside the service's directory. Files hold exactly the state
 * bytes, nothing else.
 *
 * <p><b>One store per directory.</b> The store holds an OS file lock on {@code <directory>/.lock}
 * while open, so a second store on the same directory, in this process or another, fails to open
 * with {@link IllegalStateException}. Replicas that must share state need a shared store (a JDBC
 * one), not a shared directory.
 *
 * <p>Thread-safe. I/O failures throw {@link UncheckedIOException} naming the file.
 */
public final class FileStateStore implements StateStore {
  private static final Logger log = LoggerFactory.getLogger(FileStateStore.class);

  static final String TEMP_PREFIX = ".tmp-";
  static final String LOCK_FILE = ".lock";

  /** Called between writing a temporary file and renaming it; tests use it to simulate crashes. */
  @FunctionalInterface
  interface FaultInjector {
    FaultInjector NONE = (temp, target) -> {};

    void beforeRename(Path temp, Path target) throws IOException;
  }

  private final Path directory;
  private final FaultInjector faults;
  private final FileChannel lockChannel;
  private final FileLock lock;
  private final boolean directorySync;
  private final ConcurrentMap<String, Path> serviceDirectories = new ConcurrentHashMap<>();
  private volatile boolean closed;

  /**
   * Opens the store on {@code directory}, creating the directory if needed, and deletes the
   * temporary files an earlier process left behind when it crashed mid-save.
   *
   * @throws UncheckedIOException if the directory cannot be created, locked or cleaned
   * @throws IllegalStateException if another store (in this or another process) has it open
   */
  public FileStateStore(Path directory) {
    this(directory, FaultInjector.NONE);
  }

  FileStateStore(Path directory, FaultInjector faults) {
    this.directory = requireNonNull(directory, "directory").toAbsolutePath().normalize();
    this.faults = requireNonNull(faults, "faults");
    Path lockFile = this.directory.resolve(LOCK_FILE);
    try {
      Files.createDirectories(this.directory);
      lockChannel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
    } catch (IOException e) {
      throw failure("could not open the state directory " + this.directory, e);
    }
    FileLock acquired;
    try {
      acquired = lockChannel.tryLock();
    } catch (OverlappingFileLockException e) {
      acquired = null;
    } catch (IOException e) {
      closeQuietly(lockChannel);
      throw failure("could not lock " + lockFile, e);
    }
    if (acquired == null) {
      closeQuietly(lockChannel);
      throw new IllegalStateException(
          "state directory "
              + this.directory
              + " is in use by another FileStateStore ("
              + lockFile
              + " is locked)");
    }
    lock = acquired;
    try {
      directorySync = probeDirectorySync();
      deleteTemporaryFiles();
    } catch (RuntimeException e) {
      close();
      throw e;
    }
  }

  /** The store's directory, absolute. */
  public Path directory() {
    return directory;
  }

  @Override
  public Optional<byte[]> load(String service, String objectId) {
    Path file = file(service, objectId);
    try {
      return Optional.of(Files.readAllBytes(file));
    } catch (NoSuchFileException e) {
      return Optional.empty();
    } catch (IOException e) {
      throw failure("could not read state from " + file, e);
    }
  }

  @Override
  public void save(String service, String objectId, byte[] state) {
    requireNonNull(state, "state");
    Path target = file(service, objectId);
    Path dir = serviceDirectory(service);
    Path temp =
        dir.resolve(
            TEMP_PREFIX + Long.toUnsignedString(ThreadLocalRandom.current().nextLong(), 36));
    boolean renamed = false;
    try {
      try (FileChannel channel =
          FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
        ByteBuffer buffer = ByteBuffer.wrap(state);
        while (buffer.hasRemaining()) {
          channel.write(buffer);
        }
        channel.force(true);
      }
      faults.beforeRename(temp, target);
      Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
      renamed = true;
      syncDirectory(dir);
    } catch (IOException e) {
      throw failure("could not save state to " + target, e);
    } finally {
      if (!renamed) {
        deleteQuietly(temp);
      }
    }
  }

  @Override
  public void delete(String service, String objectId) {
    Path file = file(service, objectId);
    try {
      if (Files.deleteIfExists(file)) {
        syncDirectory(file.getParent());
      }
    } catch (IOException e) {
      throw failure("could not delete state file " + file, e);
    }
  }

  /** Releases the directory lock. Idempotent. */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    try {
      lock.release();
    } catch (IOException e) {
      log.warn("could not release the lock on state directory {}", directory, e);
    }
    closeQuietly(lockChannel);
  }

  @Override
  public String toString() {
    return "FileStateStore{" + directory + (closed ? ", closed}" : "}");
  }

  private Path file(String service, String objectId) {
    requireNonNull(service, "service");
    requireNonNull(objectId, "objectId");
    if (closed) {
      throw new IllegalStateException("the state store on " + directory + " is closed");
    }
    return directory.resolve(FileNames.encode(service)).resolve(FileNames.encode(objectId));
  }

  /** The service's directory, created (and its entry made durable) on first use. */
  private Path serviceDirectory(String service) {
    Path dir = serviceDirectories.get(service);
    if (dir != null) {
      return dir;
    }
    dir = directory.resolve(FileNames.encode(service));
    try {
      if (!Files.isDirectory(dir)) {
        Files.createDirectories(dir);
        syncDirectory(directory);
      }
    } catch (IOException e) {
      throw failure("could not create state directory " + dir, e);
    }
    serviceDirectories.put(service, dir);
    return dir;
  }

  private void syncDirectory(Path dir) throws IOException {
    if (directorySync) {
      try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
        channel.force(true);
      }
    }
  }

  /** Whether this platform lets us force a directory to disk (Linux and macOS do, Windows not). */
  private boolean probeDirectorySync() {
    try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ)) {
      channel.force(true);
      return true;
    } catch (IOException e) {
      log.debug(
          "cannot force directories to disk here; renames become durable when the OS flushes");
      return false;
    }
  }

  private void deleteTemporaryFiles() {
    int deleted = 0;
    try (DirectoryStream<Path> services = Files.newDirectoryStream(directory, Files::isDirectory)) {
      for (Path dir : services) {
        try (DirectoryStream<Path> temps = Files.newDirectoryStream(dir, TEMP_PREFIX + "*")) {
          for (Path temp : temps) {
            Files.deleteIfExists(temp);
            deleted++;
          }
        }
      }
    } catch (IOException e) {
      throw failure("could not delete leftover temporary files in " + directory, e);
    }
    if (deleted > 0) {
      log.info(
          "deleted {} temporary files in {} left by saves that did not complete",
          deleted,
          directory);
    }
  }

  private static UncheckedIOException failure(String message, IOException cause) {
    return new UncheckedIOException(message + ": " + cause, cause);
  }

  private static void deleteQuietly(Path temp) {
    try {
      Files.deleteIfExists(temp);
    } catch (IOException e) {
      log.warn("could not delete temporary file {}", temp, e);
    }
  }

  private static void closeQuietly(FileChannel channel) {
    try {
      channel.close();
    } catch (IOException e) {
      log.warn("could not close {}", channel, e);
    }
  }
}
