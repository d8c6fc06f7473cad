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

  /** The longest object id accepted. */
  public static final int MAX_OBJECT_ID_LENGTH = 256;

  private Headers() {}

  /**
   * Checks that {@code objectId} can travel in the {@link #OBJECT_ID} header.
   *
   * @throws IllegalArgumentException naming the id and what is accepted
   */
  public static String checkObjectId(String objectId) {
    boolean ok = !objectId.isEmpty() && objectId.length() <= MAX_OBJECT_ID_LENGTH;
    for (int i = 0; ok && i < objectId.length(); i++) {
      char c = objectId.charAt(i);
      ok = c > ' ' && c < 0x7f;
    }
    if (!ok) {
      throw new IllegalArgumentException(
          "invalid object id '"
              + objectId
              + "': expected 1 to "
              + MAX_OBJECT_ID_LENGTH
              + " printable ASCII characters without spaces");
    }
    return objectId;
  }
}
