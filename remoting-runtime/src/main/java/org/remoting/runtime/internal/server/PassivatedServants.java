package org.remoting.runtime.internal.server;

import com.google.protobuf.CodedInputStream;
import java.io.IOException;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;
import org.remoting.InvalidConfigurationException;
import org.remoting.Passivatable;
import org.remoting.lifecycle.passivation.PassivationManager;
import org.remoting.lifecycle.store.FileStateStore;
import org.remoting.lifecycle.store.InMemoryStateStore;
import org.remoting.lifecycle.store.StateCodec;
import org.remoting.lifecycle.store.StateStore;
import org.remoting.runtime.internal.config.PassivationSettings;
import org.remoting.runtime.internal.metrics.ServerMetrics;
import org.remoting.runtime.internal.schema.MessageCodec;
import org.remoting.runtime.internal.schema.SchemaCompiler;
import org.remoting.runtime.internal.wire.CodecMarshaller;
import org.remoting.time.Scheduler;
import org.remoting.time.Ticker;

/**
 * Builds the registries of a server's passivated services and owns their state stores: one
 * file store per directory (shared by the services that use it), one memory store.
 */
public final class PassivatedServants implements AutoCloseable {
  private final SchemaCompiler compiler;
  private final Ticker ticker;
  private final Scheduler scheduler;
  private final ServerMetrics metrics;
  private final Map<Path, StateStore> fileStores = new HashMap<>();
  private StateStore memoryStore;

  public PassivatedServants(
      SchemaCompiler compiler, Ticker ticker, Scheduler scheduler, ServerMetrics metrics) {
    this.compiler = compiler;
    this.ticker = ticker;
    this.scheduler = scheduler;
    this.metrics = metrics;
  }

  /**
   * The registry of a passivated service.
   *
   * @throws IllegalArgumentException if the servant class does not implement {@code
   *     Passivatable<S>} with a record {@code S}
   * @throws java.io.UncheckedIOException if the file store's directory cannot be used
   */
  @SuppressWarnings({"unchecked", "rawtypes"})
  public ServantRegistry registry(
      String service,
      Class<?> servantClass,
      Function<String, ?> factory,
      PassivationSettings settings) {
    StateCodec<Object> codec = (StateCodec<Object>) stateCodec(service, servantClass);
    PassivationManager manager =
        PassivationManager.<Passivatable<Object>, Object>builder(
                service, id -> (Passivatable<Object>) factory.apply(id), codec)
            .policy(settings.policy())
            .store(metrics.timed(service, store(service, settings)))
            .ticker(ticker)
            .scheduler(scheduler)
            .createUnknown(settings.createUnknown())
            .build();
    return new PassivatedRegistry((PassivationManager<Object>) manager);
  }

  private StateStore store(String service, PassivationSettings settings) {
    if (!settings.fileStore()) {
      if (memoryStore == null) {
        memoryStore = new InMemoryStateStore();
      }
      return memoryStore;
    }
    Path directory = settings.directory().toAbsolutePath().normalize();
    try {
      return fileStores.computeIfAbsent(directory, FileStateStore::new);
    } catch (RuntimeException e) {
      throw new InvalidConfigurationException(
          "remoting.servants.\"" + service + "\".passivation.dir = " + settings.directory()
              + " (" + directory + "): cannot open the state store there: " + e.getMessage()
              + "; each directory serves one server at a time",
          e);
    }
  }

  private StateCodec<?> stateCodec(String service, Class<?> servantClass) {
    Class<?> stateType = stateType(servantClass);
    if (stateType == null || !stateType.isRecord()) {
      throw new IllegalArgumentException(
          "service "
              + service
              + " is passivated, so its servant "
              + servantClass.getName()
              + " must implement Passivatable<S> with a record type S for its state"
              + (stateType == null ? "" : "; found Passivatable<" + stateType.getName() + ">"));
    }
    @SuppressWarnings("unchecked")
    MessageCodec<Record> codec = compiler.recordCodec((Class<Record>) stateType);
    CodecMarshaller<Record> marshaller = new CodecMarshaller<>(codec);
    return new StateCodec<Record>() {
      @Override
      public byte[] encode(Record state) {
        return marshaller.encode(state).bytes();
      }

      @Override
      public Record decode(byte[] bytes) {
        try {
          return codec.read(CodedInputStream.newInstance(bytes));
        } catch (IOException e) {
          throw new IllegalArgumentException(
              "stored state of " + service + " is not a valid " + stateType.getName() + ": "
                  + e.getMessage(), e);
        }
      }
    };
  }

  /** The {@code S} of {@code Passivatable<S>} implemented by {@code type} or a superclass. */
  private static Class<?> stateType(Class<?> type) {
    for (Class<?> c = type; c != null && c != Object.class; c = c.getSuperclass()) {
      for (Type implemented : c.getGenericInterfaces()) {
        if (implemented instanceof ParameterizedType parameterized
            && parameterized.getRawType() == Passivatable.class
            && parameterized.getActualTypeArguments()[0] instanceof Class<?> state) {
          return state;
        }
      }
    }
    return null;
  }

  /** Closes the stores (after every registry was closed). */
  @Override
  public void close() {
    fileStores.values().forEach(StateStore::close);
    if (memoryStore != null) {
      memoryStore.close();
    }
  }
}
