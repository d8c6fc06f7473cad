package org.remoting.runtime.internal.wire;

import io.grpc.Metadata;

/** The request headers the framework uses. */
public final class Headers {
  /**
   * The id of the target object within the service, in printable ASCII. Absent means the
   * service's default object.
   */
  public static final Metadata.Key<String> OBJECT_ID =
      Metadata.Key.of("remoting-object-id", Metadata.ASCII_STRING_MARSHALLER);

  /**
   * Present on an asynchronous call (poll object, callback, future) to an in-process server: the
   * server runs it on its call pool even for a service with {@code executor = direct}, whose
   * calls would otherwise run on the client's sending thread. Not sent over the network, where
   * direct calls run on the transport thread anyway.
   */
  public static final Metadata.Key<String> ASYNC =
      Metadata.Key.of("remoting-async", Metadata.ASCII_STRING_MARSHALLER);

  /** The longest object id accepted. */
  public static final int MAX_OBJECT_ID_LENGTH = 256;

  private Headers() {}

  /**
   * Checks that {@code objectId} can travel in the {@link #OBJECT_ID} header.
   *
   * @throws IllegalArgumentException naming the id and what is accepted
   */
  public static String checkObjectId(String objectId) {
    if (!isValidObjectId(objectId)) {
      throw new IllegalArgumentException(invalidObjectId(objectId));
    }
    return objectId;
  }

  /** Whether {@code objectId} is 1 to 256 printable ASCII characters without spaces. */
  public static boolean isValidObjectId(String objectId) {
    boolean ok = !objectId.isEmpty() && objectId.length() <= MAX_OBJECT_ID_LENGTH;
    for (int i = 0; ok && i < objectId.length(); i++) {
      char c = objectId.charAt(i);
      ok = c > ' ' && c < 0x7f;
    }
    return ok;
  }

  /** Why {@code objectId} is not valid, quoting at most its first 64 characters. */
  public static String invalidObjectId(String objectId) {
    String shown =
        objectId.length() <= 64
            ? objectId
            : objectId.substring(0, 64) + "... (" + objectId.length() + " characters)";
    return "invalid object id '"
        + shown
        + "': expected 1 to "
        + MAX_OBJECT_ID_LENGTH
        + " printable ASCII characters without spaces";
  }
}
