package org.remoting.runtime.internal.schema;

/**
 * How one endpoint turns the values of {@code @Remote}-typed parameters and results into {@link
 * RemoteRef}s and back. The client writes a proxy as its reference and reads a reference as a
 * proxy; the server exports a returned servant and reads a reference to one of its own objects as
 * the live servant. Each endpoint's {@link SchemaCompiler} is built with its own.
 */
public interface References {

  /**
   * The reference to send for {@code value}, never null, declared as {@code remoteType} (whose
   * service is {@code service}). Called once to size a message and once to write it: must return
   * equal references for one value, but for the {@linkplain RemoteRef#grant() grant} of a leased
   * object, which may grow between the calls (it has a fixed size on the wire).
   *
   * @throws IllegalArgumentException if the value cannot be sent by reference; the message says
   *     why
   */
  RemoteRef toRef(Object value, Class<?> remoteType, String service);

  /**
   * The value for a received reference declared as {@code remoteType}.
   *
   * @throws IllegalArgumentException if the reference cannot be resolved here
   * @throws org.remoting.ObjectNotFoundException if it names an object that does not exist (any
   *     more)
   */
  Object fromRef(RemoteRef ref, Class<?> remoteType, String service);

  /** For a compiler that only describes interfaces (printing {@code .proto} files). */
  References NONE =
      new References() {
        @Override
        public RemoteRef toRef(Object value, Class<?> remoteType, String service) {
          throw new IllegalStateException("remote references cannot be sent from here");
        }

        @Override
        public Object fromRef(RemoteRef ref, Class<?> remoteType, String service) {
          throw new IllegalStateException("remote references cannot be received here");
        }
      };
}
