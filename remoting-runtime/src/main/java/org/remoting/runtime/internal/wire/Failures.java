package org.remoting.runtime.internal.wire;

import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.lang.reflect.Constructor;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import org.remoting.AccessDeniedException;
import org.remoting.DeadlineExceededException;
import org.remoting.ObjectNotFoundException;
import org.remoting.RemoteInvocationException;
import org.remoting.ServantBusyException;
import org.remoting.ServerUnreachableException;
import org.remoting.TooManyObjectsException;

/**
 * The one place where failures are mapped to gRPC statuses (server side) and back to exceptions
 * (client side). See {@code docs/errors.md} for the table.
 *
 * <p>A failure the framework raises carries its {@link Kind} in the {@code remoting-failure}
 * trailer, so the client maps it precisely even where gRPC itself could have produced the same
 * status code (a {@code RESOURCE_EXHAUSTED} from a full pool versus an oversized message). An
 * exception thrown by a servant carries its class name ({@code remoting-error-type}) and message
 * ({@code remoting-error-message-bin}, UTF-8); never a stack trace.
 */
public final class Failures {
  static final Metadata.Key<String> KIND =
      Metadata.Key.of("remoting-failure", Metadata.ASCII_STRING_MARSHALLER);
  static final Metadata.Key<String> ERROR_TYPE =
      Metadata.Key.of("remoting-error-type", Metadata.ASCII_STRING_MARSHALLER);
  static final Metadata.Key<byte[]> ERROR_MESSAGE =
      Metadata.Key.of("remoting-error-message-bin", Metadata.BINARY_BYTE_MARSHALLER);

  /**
   * Longest servant exception message sent, in characters; longer ones are cut. Keeps the
   * trailers well under gRPC's default 8 KiB metadata limit even for non-ASCII text, which the
   * status description percent-encodes.
   */
  static final int MAX_MESSAGE_LENGTH = 512;

  private Failures() {}

  /** What went wrong, and the gRPC status code it travels as. */
  public enum Kind {
    /** No object with the requested id. */
    OBJECT_NOT_FOUND(Status.Code.NOT_FOUND),
    /** A pooled or serialized servant stayed busy for the whole allowed wait. */
    SERVANT_BUSY(Status.Code.RESOURCE_EXHAUSTED),
    /** The request body does not decode as the method's request message. */
    INVALID_REQUEST(Status.Code.INVALID_ARGUMENT),
    /** The call's deadline passed before the servant could run it. */
    DEADLINE_EXCEEDED(Status.Code.DEADLINE_EXCEEDED),
    /** The server is shutting down and accepts no new calls. */
    SHUTTING_DOWN(Status.Code.UNAVAILABLE),
    /** The servant factory threw. */
    SERVANT_CREATION(Status.Code.INTERNAL),
    /** The servant method threw. */
    APPLICATION(Status.Code.UNKNOWN),
    /** The servant returned a value that cannot be encoded (e.g. a null list element). */
    BAD_RESULT(Status.Code.INTERNAL),
    /** The client cancelled the call before its servant method ran. */
    CANCELLED(Status.Code.CANCELLED),
    /**
     * The access policy denied the call, or its object is bound to another client identity, or
     * a servant threw {@link AccessDeniedException}.
     */
    ACCESS_DENIED(Status.Code.PERMISSION_DENIED),
    /** The client already holds as many leased objects of a service as it may. */
    OBJECT_LIMIT(Status.Code.RESOURCE_EXHAUSTED);

    private final Status.Code code;

    Kind(Status.Code code) {
      this.code = code;
    }

    public Status.Code code() {
      return code;
    }
  }

  /**
   * A status and the trailers to close a call with.
   *
   * @param kind what went wrong, or {@code null} for a bare status that is no call's outcome
   */
  public record Failure(Status status, Metadata trailers, Kind kind) {}

  /** A framework failure of {@code kind}, described by {@code message}. */
  public static Failure of(Kind kind, String message) {
    Metadata trailers = new Metadata();
    trailers.put(KIND, kind.name());
    return new Failure(Status.fromCode(kind.code()).withDescription(message), trailers, kind);
  }

  /**
   * The failure for an exception thrown by a servant method: its type and message only. An
   * {@link AccessDeniedException} denies the call instead ({@link Kind#ACCESS_DENIED}).
   */
  public static Failure application(Throwable thrown) {
    if (thrown instanceof AccessDeniedException) {
      return of(Kind.ACCESS_DENIED, thrown.getMessage());
    }
    Metadata trailers = new Metadata();
    trailers.put(KIND, Kind.APPLICATION.name());
    trailers.put(ERROR_TYPE, thrown.getClass().getName());
    String message = truncate(thrown.getMessage());
    if (message != null) {
      trailers.put(ERROR_MESSAGE, message.getBytes(StandardCharsets.UTF_8));
    }
    String description = thrown.getClass().getName() + (message == null ? "" : ": " + message);
    return new Failure(Status.UNKNOWN.withDescription(description), trailers, Kind.APPLICATION);
  }

  /**
   * The outcome of a finished call as a client sees it: {@code OK}, the failure {@link Kind} a
   * server of this framework named in its trailers, or else the status code (such as {@code
   * UNAVAILABLE} when the server could not be reached).
   */
  public static String outcome(Status status, Metadata trailers) {
    if (status.isOk()) {
      return "OK";
    }
    String kind = trailers == null ? null : trailers.get(KIND);
    if (kind != null) {
      try {
        return Kind.valueOf(kind).name(); // only the names this version knows
      } catch (IllegalArgumentException unknown) {
        // a newer server's kind: fall back to the status code
      }
    }
    return status.getCode().name();
  }

  /**
   * The failure for a result of {@code method} that could not be encoded: a leased object the
   * caller may not have ({@link AccessDeniedException}) or may not hold more of ({@link
   * TooManyObjectsException}), or a value that cannot be sent ({@link Kind#BAD_RESULT}).
   */
  public static Failure unsendableResult(Object method, RuntimeException e) {
    if (e instanceof AccessDeniedException) {
      return of(Kind.ACCESS_DENIED, e.getMessage());
    }
    if (e instanceof TooManyObjectsException) {
      return of(Kind.OBJECT_LIMIT, e.getMessage());
    }
    return of(Kind.BAD_RESULT, method + " returned a value that cannot be sent: " + e.getMessage());
  }

  private static String truncate(String message) {
    if (message == null || message.length() <= MAX_MESSAGE_LENGTH) {
      return message;
    }
    return message.substring(0, MAX_MESSAGE_LENGTH) + "... (" + message.length() + " characters)";
  }

  /**
   * The exception a client throws for a failed call of {@code method}: the method's declared
   * exception when the servant threw one, otherwise the matching
   * {@link org.remoting.RemotingException}.
   */
  public static Throwable toException(StatusRuntimeException e, Method method, String call) {
    Status status = e.getStatus();
    if (status.getCause() instanceof IllegalArgumentException) {
      // raised on this side while encoding the arguments: the call never left
      return status.getCause();
    }
    Metadata trailers = e.getTrailers() != null ? e.getTrailers() : new Metadata();
    String description = status.getDescription() == null ? "" : status.getDescription();
    String text = call + ": " + description;
    String kindName = trailers.get(KIND);
    Kind kind = null;
    if (kindName != null) {
      try {
        kind = Kind.valueOf(kindName);
      } catch (IllegalArgumentException unknown) {
        kind = null;
      }
    }
    if (kind == Kind.APPLICATION) {
      String type = trailers.get(ERROR_TYPE);
      byte[] raw = trailers.get(ERROR_MESSAGE);
      String message = raw == null ? null : new String(raw, StandardCharsets.UTF_8);
      Throwable declared = declaredException(method, type, message);
      return declared != null
          ? declared
          : new RemoteInvocationException(type, status.getCode().name(), message);
    }
    if (kind == Kind.OBJECT_NOT_FOUND) {
      return new ObjectNotFoundException(text);
    }
    if (kind == Kind.SERVANT_BUSY) {
      return new ServantBusyException(text);
    }
    if (kind == Kind.SHUTTING_DOWN) {
      return new ServerUnreachableException(text, e);
    }
    if (kind == Kind.OBJECT_LIMIT) {
      return new TooManyObjectsException(text);
    }
    switch (status.getCode()) {
      case PERMISSION_DENIED: // ACCESS_DENIED, or a foreign server's or interceptor's denial
        return new AccessDeniedException(text);
      case UNAVAILABLE:
        return new ServerUnreachableException(text, e);
      case DEADLINE_EXCEEDED:
        return new DeadlineExceededException(text, e);
      default:
        return new RemoteInvocationException(null, status.getCode().name(), text);
    }
  }

  /**
   * Recreates the servant's exception when {@code method} declares its type, or a supertype and
   * the type lives in the declared type's package or the interface's package, through a public
   * {@code (String)} or no-argument constructor; {@code null} otherwise. So a method declaring
   * {@code throws Exception} cannot make a client construct arbitrary exception classes.
   */
  private static Throwable declaredException(Method method, String typeName, String message) {
    if (typeName == null || method.getExceptionTypes().length == 0) {
      return null;
    }
    Class<?> type;
    try {
      type = Class.forName(typeName, false, method.getDeclaringClass().getClassLoader());
    } catch (ClassNotFoundException | LinkageError e) {
      return null;
    }
    boolean declared = false;
    for (Class<?> allowed : method.getExceptionTypes()) {
      declared |=
          allowed == type
              || (allowed.isAssignableFrom(type)
                  && (type.getPackage() == allowed.getPackage()
                      || type.getPackage() == method.getDeclaringClass().getPackage()));
    }
    if (!declared) {
      return null;
    }
    try {
      Constructor<?> withMessage = type.getConstructor(String.class);
      return (Throwable) withMessage.newInstance(message);
    } catch (ReflectiveOperationException | RuntimeException notThisWay) {
      // fall through to the no-argument constructor
    }
    try {
      return (Throwable) type.getConstructor().newInstance();
    } catch (ReflectiveOperationException | RuntimeException e) {
      return null;
    }
  }
}
