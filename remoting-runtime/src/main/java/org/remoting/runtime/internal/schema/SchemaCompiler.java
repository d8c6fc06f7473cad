package org.remoting.runtime.internal.schema;

import static java.util.Objects.requireNonNull;

import com.google.protobuf.DescriptorProtos.DescriptorProto;
import com.google.protobuf.DescriptorProtos.MethodDescriptorProto;
import com.google.protobuf.DescriptorProtos.ServiceDescriptorProto;
import com.google.protobuf.Descriptors.FileDescriptor;
import com.google.protobuf.Descriptors.ServiceDescriptor;
import java.lang.reflect.Method;
import java.lang.reflect.Parameter;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.remoting.InvalidRemoteInterfaceException;
import org.remoting.MethodName;
import org.remoting.Remote;
import org.remoting.invocation.DeclaredStyle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Derives the wire schema of {@link Remote} interfaces: real protobuf descriptors (one {@code
 * .proto} file per service, and one per record or enum it uses) and a hand-written codec per
 * message. The mapping is specified in {@code docs/wire-mapping.md}. A method declared
 * asynchronous ({@code PollObject<T>}, {@code CompletableFuture<T>} or {@code CompletionStage<T>}
 * return, or trailing {@code ResultCallback<T>} parameter) has the wire form of its synchronous
 * twin: see {@link MethodSchema#declaredStyle()}.
 *
 * <p>Each server and each client owns one compiler. It caches what it derives: compiling an
 * interface twice returns the same {@link InterfaceSchema}, and a record or enum used by several
 * interfaces has one descriptor and one codec. Cached descriptors are never rebuilt.
 *
 * <p>Thread-safe. Compiling takes a lock and uses reflection, so it belongs at export and lookup
 * time; the codecs it yields are thread-safe and do no reflection per call.
 */
public final class SchemaCompiler {
  private static final Logger logger = LoggerFactory.getLogger(SchemaCompiler.class);

  private final Object lock = new Object();
  private final Map<Class<?>, InterfaceSchema> interfaces = new ConcurrentHashMap<>();
  private final TypeMapper types; // guarded by lock

  /**
   * A compiler for an endpoint that sends and receives remote references through {@code
   * references}.
   */
  public SchemaCompiler(References references) {
    this.types = new TypeMapper(requireNonNull(references, "references"));
  }

  /** A compiler that describes interfaces but cannot send or receive remote references. */
  public SchemaCompiler() {
    this(References.NONE);
  }

  /**
   * The {@code @Remote} interfaces that the interfaces compiled so far pass by reference (as
   * parameters, results, or inside records and collections), in the order first seen.
   */
  public List<Class<?>> referencedInterfaces() {
    synchronized (lock) {
      return List.copyOf(types.remoteTypes());
    }
  }

  /**
   * Returns the schema of {@code remoteInterface}, deriving it on first use.
   *
   * @throws InvalidRemoteInterfaceException if the type is not an interface annotated with {@link
   *     Remote}, if its service or a method name is not a valid protobuf name, if two methods
   *     share a wire name, if a method declares an invalid call style ({@link DeclaredStyle#of}),
   *     or if a parameter or return type is not supported; the message names the interface, the
   *     method, the parameter and the type, and says what is accepted
   */
  public InterfaceSchema compile(Class<?> remoteInterface) {
    requireNonNull(remoteInterface, "remoteInterface");
    InterfaceSchema schema = interfaces.get(remoteInterface);
    if (schema != null) {
      return schema;
    }
    synchronized (lock) {
      schema = interfaces.get(remoteInterface);
      if (schema == null) {
        schema = build(remoteInterface);
        interfaces.put(remoteInterface, schema);
      }
      return schema;
    }
  }

  /**
   * Returns a codec that encodes {@code recordType} as a top-level message (the same message as
   * when the record is a parameter), for state that is stored rather than sent.
   *
   * @throws IllegalArgumentException if the record or a type it uses is not supported
   */
  public <T extends Record> MessageCodec<T> recordCodec(Class<T> recordType) {
    requireNonNull(recordType, "recordType");
    synchronized (lock) {
      try {
        return new RecordCodec<>(recordType, types.record(recordType));
      } catch (SchemaException e) {
        throw new IllegalArgumentException(
            "Record " + recordType.getName() + " cannot be encoded: " + e.describe());
      }
    }
  }

  /**
   * The gRPC service name of a remote interface: {@code @Remote("...")}, else its canonical name.
   *
   * @throws InvalidRemoteInterfaceException if it is not an interface annotated with {@code
   *     Remote}, or the name is not a valid protobuf full name
   */
  static String serviceName(Class<?> iface) {
    if (!iface.isInterface() || iface.isAnnotation()) {
      throw new InvalidRemoteInterfaceException(iface.getName()
          + " is not an interface; a remote type must be an interface annotated with @Remote");
    }
    Remote remote = iface.getAnnotation(Remote.class);
    if (remote == null) {
      throw new InvalidRemoteInterfaceException(
          "Interface " + iface.getName() + " is not annotated with @" + Remote.class.getName());
    }
    String service = remote.value().isEmpty() ? iface.getCanonicalName() : remote.value();
    if (service == null) {
      throw new InvalidRemoteInterfaceException("Interface " + iface.getName()
          + " has no canonical name; name its service with @Remote(\"package.Name\")");
    }
    if (!Names.isFullName(service)) {
      throw new InvalidRemoteInterfaceException("Remote interface " + iface.getName()
          + ": service name '" + service + "' is not a valid protobuf full name (dot-separated"
          + " identifiers of ASCII letters, digits and _, not starting with a digit)");
    }
    return service;
  }

  private InterfaceSchema build(Class<?> iface) {
    String service = serviceName(iface);
    String where = "Remote interface " + iface.getName()
        + (service.equals(iface.getCanonicalName()) ? "" : " (service " + service + ")");
    try {
      return build(iface, service, where);
    } catch (SchemaException e) {
      throw new InvalidRemoteInterfaceException(where + ": " + e.describe());
    }
  }

  private InterfaceSchema build(Class<?> iface, String service, String where) {
    String pkg = Names.packageOf(service);
    String simple = Names.simpleNameOf(service);
    List<Method> methods = remoteMethods(iface, where);

    var messages = new ArrayList<DescriptorProto>();
    var serviceProto = ServiceDescriptorProto.newBuilder().setName(simple);
    var deps = new LinkedHashMap<String, FileDescriptor>();
    var symbols = new ArrayList<String>(List.of(service));
    var styles = new ArrayList<DeclaredStyle>();
    var requests = new ArrayList<Field[]>();
    var responses = new ArrayList<Field>();
    boolean warned = false;
    for (Method m : methods) {
      String wireName = wireName(m);
      String requestName = simple + Names.capitalize(wireName) + "Request";
      String responseName = simple + Names.capitalize(wireName) + "Response";
      String requestFull = Names.qualify(pkg, requestName);
      String responseFull = Names.qualify(pkg, responseName);
      String method = where + ", method " + signature(m);

      DeclaredStyle style = DeclaredStyle.of(m); // the wire form is that of the sync twin
      Parameter[] params = m.getParameters();
      var fields = new ArrayList<Field>();
      var what = new ArrayList<String>();
      for (int i = 0; i < style.wireParameterCount(); i++) {
        Parameter p = params[i];
        String javaName = p.isNamePresent() ? p.getName() : "arg" + i;
        if (!p.isNamePresent() && !warned) {
          warned = true;
          logger.warn("{} was compiled without -parameters: its request fields are named arg0,"
              + " arg1, ... instead of after the parameters", iface.getName());
        }
        Type type = p.getParameterizedType();
        try {
          fields.add(types.field(type, requestFull,
              TypeMapper.fieldName(javaName, "parameter " + javaName), i + 1));
        } catch (SchemaException e) {
          throw new InvalidRemoteInterfaceException(method + ", parameter '" + javaName
              + "' of type " + type.getTypeName() + ": " + e.describe());
        }
        what.add("parameter " + javaName);
      }
      Field result = null;
      Type resultType = style.resultType();
      if (resultType != void.class) {
        try {
          result = types.field(resultType, responseFull, "result", 1);
        } catch (SchemaException e) {
          throw new InvalidRemoteInterfaceException(method + ", " + describeResult(m, style)
              + ": " + e.describe());
        }
      }
      try {
        TypeMapper.checkFieldNames(fields, what, "request " + requestFull);
      } catch (SchemaException e) {
        throw new InvalidRemoteInterfaceException(method + ": " + e.describe());
      }

      for (Field f : fields) {
        f.collectFiles(deps);
      }
      if (result != null) {
        result.collectFiles(deps);
      }
      messages.add(Field.message(requestName, fields));
      messages.add(Field.message(responseName, result == null ? List.of() : List.of(result)));
      serviceProto.addMethod(MethodDescriptorProto.newBuilder()
          .setName(wireName)
          .setInputType("." + requestFull)
          .setOutputType("." + responseFull));
      symbols.add(requestFull);
      symbols.add(responseFull);
      styles.add(style);
      requests.add(fields.toArray(new Field[0]));
      responses.add(result);
    }

    String owner = "service " + service + " of " + iface.getName();
    types.checkFree(symbols, owner);
    FileDescriptor file = TypeMapper.buildFile(service, deps,
        proto -> proto.addAllMessageType(messages).addService(serviceProto));
    types.register(symbols, owner);

    ServiceDescriptor sd = file.findServiceByName(simple);
    var schemas = new ArrayList<MethodSchema>();
    for (int i = 0; i < methods.size(); i++) {
      String wireName = wireName(methods.get(i));
      schemas.add(new MethodSchema(methods.get(i), styles.get(i), service + "/" + wireName,
          sd.findMethodByName(wireName), new RequestCodec(requests.get(i)),
          new ResponseCodec(responses.get(i))));
    }
    return new InterfaceSchema(iface, sd, schemas);
  }

  /**
   * The abstract methods of the interface and its super-interfaces, by wire name. A method
   * inherited along two paths counts once.
   */
  private static List<Method> remoteMethods(Class<?> iface, String where) {
    var bySignature = new LinkedHashMap<String, Method>();
    for (Method m : iface.getMethods()) {
      if (!DeclaredStyle.isRemote(m)) {
        continue;
      }
      String signature = m.getName() + Arrays.toString(m.getParameterTypes());
      Method seen = bySignature.get(signature);
      if (seen == null || seen.getReturnType() != m.getReturnType()
          && seen.getReturnType().isAssignableFrom(m.getReturnType())) {
        bySignature.put(signature, m); // keep the most specific return type
      }
    }
    var byWireName = new HashMap<String, Method>();
    var byMessageName = new HashMap<String, Method>();
    for (Method m : bySignature.values()) {
      String wireName = wireName(m);
      if (!Names.isMethodName(wireName)) {
        throw new InvalidRemoteInterfaceException(where + ", method " + signature(m)
            + ": wire name '" + wireName + "' is not a valid gRPC method name (an ASCII letter"
            + " followed by letters, digits or _); set one with @MethodName");
      }
      Method other = byWireName.putIfAbsent(wireName, m);
      if (other != null) {
        throw new InvalidRemoteInterfaceException(where + ": methods " + signature(other)
            + " and " + signature(m) + " both have the wire name '" + wireName + "'; give them"
            + " distinct names with @" + MethodName.class.getName());
      }
      other = byMessageName.putIfAbsent(Names.capitalize(wireName), m);
      if (other != null) {
        throw new InvalidRemoteInterfaceException(where + ": methods " + signature(other)
            + " and " + signature(m) + " have wire names that differ only in their first letter"
            + " and so share request and response messages; rename one with @"
            + MethodName.class.getName());
      }
    }
    var methods = new ArrayList<>(bySignature.values());
    methods.sort(Comparator.comparing(SchemaCompiler::wireName));
    return methods;
  }

  private static String wireName(Method m) {
    MethodName name = m.getAnnotation(MethodName.class);
    return name != null ? name.value() : m.getName();
  }

  /** Where the result type comes from, for messages. */
  private static String describeResult(Method m, DeclaredStyle style) {
    String declared = m.getGenericReturnType().getTypeName();
    switch (style.style()) {
      case POLL_OBJECT:
      case FUTURE:
        return "result type " + style.resultType().getTypeName() + " of return type " + declared;
      case CALLBACK:
        Parameter callback = m.getParameters()[style.wireParameterCount()];
        return "result type " + style.resultType().getTypeName() + " of callback parameter '"
            + callback.getName() + "' of type " + callback.getParameterizedType().getTypeName();
      default:
        return "return type " + declared;
    }
  }

  /** {@code add(int, java.util.List<java.lang.String>)}. */
  private static String signature(Method m) {
    return m.getName() + Arrays.stream(m.getGenericParameterTypes())
        .map(Type::getTypeName)
        .collect(Collectors.joining(", ", "(", ")"));
  }
}
