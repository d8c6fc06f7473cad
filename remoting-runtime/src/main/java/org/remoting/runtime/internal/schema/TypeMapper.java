package org.remoting.runtime.internal.schema;

import com.google.protobuf.DescriptorProtos.EnumDescriptorProto;
import com.google.protobuf.DescriptorProtos.EnumValueDescriptorProto;
import com.google.protobuf.DescriptorProtos.FileDescriptorProto;
import com.google.protobuf.Descriptors.DescriptorValidationException;
import com.google.protobuf.Descriptors.FileDescriptor;
import com.google.protobuf.Message;
import com.google.protobuf.ProtocolMessageEnum;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Constructor;
import java.lang.reflect.GenericArrayType;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.lang.reflect.TypeVariable;
import java.lang.reflect.WildcardType;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import org.remoting.Remote;

/**
 * Maps Java types to fields and elements. Records and enums get one {@code .proto} file each,
 * built once and cached with their codec, so every interface that uses a type shares one
 * descriptor. Also keeps the registry of top-level protobuf names, so that two types never claim
 * one name. Not thread-safe: {@link SchemaCompiler} serializes access.
 */
final class TypeMapper {
  private final Map<Class<?>, Element> elements = new HashMap<>(); // records, enums, messages, refs
  private final Map<String, String> symbols = new HashMap<>(); // protobuf full name -> owner
  private final ArrayDeque<RecordElement> building = new ArrayDeque<>();
  private final References references;
  private final Set<Class<?>> remoteTypes = new java.util.LinkedHashSet<>(); // passed by reference

  TypeMapper(References references) {
    this.references = references;
  }

  /** The {@code @Remote} interfaces that appeared as types passed by reference, in order. */
  Set<Class<?>> remoteTypes() {
    return remoteTypes;
  }

  /**
   * The field for a value of {@code type}: a parameter, a return value or a record component.
   *
   * @throws SchemaException if the type is not supported
   */
  Field field(Type type, String owner, String name, int number) {
    if (type instanceof Class<?> c && c.isPrimitive() && c != void.class) {
      return new Field.Singular(owner, name, number, Scalar.of(c), false);
    }
    if (type instanceof ParameterizedType p) {
      Class<?> raw = (Class<?>) p.getRawType();
      Type[] args = p.getActualTypeArguments();
      if (raw == Optional.class) {
        return new Field.OptionalField(owner, name, number, inner(args[0], type));
      }
      if (raw == List.class || raw == Set.class) {
        return new Field.Repeated(owner, name, number, inner(args[0], type), raw == Set.class);
      }
      if (raw == Map.class) {
        return new Field.MapField(owner, name, number, key(args[0], type), inner(args[1], type));
      }
    }
    return new Field.Singular(owner, name, number, element(type), true);
  }

  /** The element inside a collection or Optional: anything but another collection or Optional. */
  private Element inner(Type arg, Type outer) {
    Type raw = arg instanceof ParameterizedType p ? p.getRawType() : arg;
    if (raw == List.class || raw == Set.class || raw == Map.class || raw == Optional.class
        || raw instanceof Class<?> c && Collection.class.isAssignableFrom(c)) {
      throw new SchemaException(outer, "nested collections and Optionals are not supported;"
          + " wrap the inner one in a record");
    }
    return element(arg);
  }

  private Element key(Type arg, Type outer) {
    if (arg == String.class || arg == Boolean.class || arg == Integer.class || arg == Long.class
        || arg == Short.class || arg == Byte.class || arg == Character.class) {
      return Scalar.of((Class<?>) arg);
    }
    throw new SchemaException(outer, "a map key must be Integer, Long, Short, Byte, Character,"
        + " Boolean or String, not " + arg.getTypeName());
  }

  /** The element for a single non-collection value. */
  private Element element(Type type) {
    if (type instanceof TypeVariable<?>) {
      throw new SchemaException(
          type, "type variables (generic methods or interfaces) are not supported");
    }
    if (type instanceof WildcardType) {
      throw new SchemaException(
          type, "wildcards are not supported; declare the exact type argument");
    }
    if (type instanceof GenericArrayType) {
      throw new SchemaException(type, "arrays other than byte[] are not supported; use List<X>");
    }
    if (type instanceof ParameterizedType p) {
      Class<?> raw = (Class<?>) p.getRawType();
      throw new SchemaException(type, raw == List.class || raw == Set.class || raw == Map.class
          || raw == Optional.class ? "nested collections and Optionals are not supported" : null);
    }
    Class<?> c = (Class<?>) type;
    Scalar scalar = Scalar.of(c);
    if (scalar != null) {
      return scalar;
    }
    if (c == void.class || c == Void.class) {
      throw new SchemaException(c, "void is allowed as a return type only");
    }
    if (c.isArray()) {
      throw new SchemaException(c, "arrays other than byte[] are not supported; use List<X>");
    }
    if (c == List.class || c == Set.class || c == Map.class || c == Optional.class) {
      throw new SchemaException(c, "raw types are not supported; declare the type arguments");
    }
    if (c.isEnum() && ProtocolMessageEnum.class.isAssignableFrom(c)) {
      throw new SchemaException(c, "generated protobuf enums are not supported yet; use a Java"
          + " enum, or a protobuf message that holds the enum");
    }
    if (c.isEnum()) {
      return enumElement(c);
    }
    if (c.isRecord()) {
      return record(c);
    }
    if (c == Instant.class) {
      return TimeElement.INSTANT;
    }
    if (c == Duration.class) {
      return TimeElement.DURATION;
    }
    if (Message.class.isAssignableFrom(c)) {
      return protobuf(c);
    }
    if (c.isInterface() && c.isAnnotationPresent(Remote.class)) {
      return reference(c);
    }
    throw new SchemaException(c, null);
  }

  /** The element of a {@code @Remote} interface type: a {@code remoting.RemoteRef}. */
  private RefElement reference(Class<?> c) {
    Element done = elements.get(c);
    if (done != null) {
      return (RefElement) done;
    }
    String service;
    try {
      service = SchemaCompiler.serviceName(c);
    } catch (org.remoting.InvalidRemoteInterfaceException e) {
      throw new SchemaException(c, e.getMessage(), false);
    }
    if (!symbols.containsKey(RefElement.FULL_NAME)) {
      register(List.of(RefElement.FULL_NAME), "remote references");
    }
    var element = new RefElement(c, service, references);
    elements.put(c, element);
    remoteTypes.add(c);
    return element;
  }

  /** The record's element, compiling its file (and those of the types it uses) on first use. */
  RecordElement record(Class<?> c) {
    Element done = elements.get(c);
    if (done != null) {
      return (RecordElement) done;
    }
    for (RecordElement r : building) {
      if (r.type == c) {
        if (r == building.peek()) {
          return r; // a record that refers to itself: one message, one file
        }
        throw new SchemaException(c, "records " + cycle(c) + " refer to each other; each record"
            + " has its own .proto file and protobuf files cannot import each other, so only a"
            + " record that refers to itself is supported", false);
      }
    }
    if (c.getTypeParameters().length > 0) {
      throw new SchemaException(c, "generic records are not supported");
    }
    String fullName = protoName(c);
    checkFree(List.of(fullName), "record " + c.getName());
    var element = new RecordElement(c, fullName);
    building.push(element);
    try {
      RecordComponent[] components = c.getRecordComponents();
      var fields = new ArrayList<Field>();
      var what = new ArrayList<String>();
      for (int i = 0; i < components.length; i++) {
        RecordComponent rc = components[i];
        String where = "record component " + c.getName() + "." + rc.getName();
        try {
          fields.add(field(rc.getGenericType(), fullName, fieldName(rc.getName(), where), i + 1));
        } catch (SchemaException e) {
          throw e.via(where);
        }
        what.add("component " + rc.getName());
      }
      checkFieldNames(fields, what, "record " + c.getName());
      MethodHandle[] accessors = new MethodHandle[components.length];
      MethodHandle constructor;
      try {
        var types = new Class<?>[components.length];
        for (int i = 0; i < components.length; i++) {
          Method accessor = components[i].getAccessor();
          accessor.setAccessible(true);
          accessors[i] = MethodHandles.lookup().unreflect(accessor)
              .asType(MethodType.methodType(Object.class, Object.class));
          types[i] = components[i].getType();
        }
        Constructor<?> canonical = c.getDeclaredConstructor(types);
        canonical.setAccessible(true);
        constructor = MethodHandles.lookup().unreflectConstructor(canonical)
            .asSpreader(Object[].class, components.length)
            .asType(MethodType.methodType(Object.class, Object[].class));
      } catch (ReflectiveOperationException | RuntimeException e) {
        throw new SchemaException(c, "record " + c.getName() + " is not accessible (" + e
            + "); open its package to the remoting runtime", false);
      }
      var deps = new LinkedHashMap<String, FileDescriptor>();
      for (Field f : fields) {
        f.collectFiles(deps);
      }
      deps.remove(Names.fileName(Names.packageOf(fullName), Names.simpleNameOf(fullName)));
      FileDescriptor file = buildFile(fullName, deps,
          proto -> proto.addMessageType(Field.message(Names.simpleNameOf(fullName), fields)));
      element.complete(fields.toArray(new Field[0]), accessors, constructor, file);
      register(List.of(fullName), "record " + c.getName());
      elements.put(c, element);
      return element;
    } finally {
      building.pop();
    }
  }

  private String cycle(Class<?> c) {
    var names = new ArrayList<String>();
    boolean in = false;
    for (Iterator<RecordElement> it = building.descendingIterator(); it.hasNext(); ) {
      RecordElement r = it.next();
      in |= r.type == c;
      if (in) {
        names.add(r.type.getName());
      }
    }
    names.add(c.getName());
    return String.join(" -> ", names);
  }

  private EnumElement enumElement(Class<?> c) {
    Element done = elements.get(c);
    if (done != null) {
      return (EnumElement) done;
    }
    Object[] constants = c.getEnumConstants();
    if (constants.length == 0) {
      throw new SchemaException(
          c, "an enum needs at least one constant, since proto3 enums start at 0", false);
    }
    String fullName = protoName(c);
    String pkg = Names.packageOf(fullName);
    String prefix = Names.upperSnakeCase(Names.simpleNameOf(fullName)) + "_";
    var names = new ArrayList<String>(List.of(fullName));
    var proto = EnumDescriptorProto.newBuilder().setName(Names.simpleNameOf(fullName));
    for (Object constant : constants) {
      String name = prefix + ((Enum<?>) constant).name();
      if (!Names.isIdentifier(name)) {
        throw new SchemaException(c, "enum constant " + ((Enum<?>) constant).name()
            + " cannot be a protobuf name (ASCII letters, digits and _ only)", false);
      }
      proto.addValue(EnumValueDescriptorProto.newBuilder()
          .setName(name)
          .setNumber(((Enum<?>) constant).ordinal()));
      names.add(Names.qualify(pkg, name)); // enum values are scoped in the package, not the enum
    }
    checkFree(names, "enum " + c.getName());
    FileDescriptor file = buildFile(fullName, Map.of(), f -> f.addEnumType(proto));
    register(names, "enum " + c.getName());
    var element = new EnumElement(c, fullName, file);
    elements.put(c, element);
    return element;
  }

  private ProtobufElement protobuf(Class<?> c) {
    Element done = elements.get(c);
    if (done != null) {
      return (ProtobufElement) done;
    }
    Message defaultInstance;
    try {
      Method m = c.getMethod("getDefaultInstance");
      if (!Modifier.isStatic(m.getModifiers()) || !c.isAssignableFrom(m.getReturnType())) {
        throw new NoSuchMethodException("getDefaultInstance");
      }
      defaultInstance = (Message) m.invoke(null);
    } catch (ReflectiveOperationException | RuntimeException e) {
      throw new SchemaException(c, "a protobuf message must be a generated class with a static"
          + " getDefaultInstance() method");
    }
    var element = new ProtobufElement(defaultInstance);
    elements.put(c, element);
    return element;
  }

  /** {@code com.acme.Outer$Point} to {@code com.acme.Outer_Point}. */
  private static String protoName(Class<?> c) {
    String pkg = c.getPackageName();
    String binary = pkg.isEmpty() ? c.getName() : c.getName().substring(pkg.length() + 1);
    String simple = binary.replace('$', '_');
    if (!Names.isIdentifier(simple) || !(pkg.isEmpty() || Names.isFullName(pkg))) {
      throw new SchemaException(
          c, "its name cannot be a protobuf name (ASCII letters, digits and _ only)", false);
    }
    return Names.qualify(pkg, simple);
  }

  /** A field name: the Java name in snake_case. */
  static String fieldName(String javaName, String where) {
    String name = Names.snakeCase(javaName);
    if (!Names.isIdentifier(name)) {
      throw new SchemaException(null, "the name of " + where + " cannot be a protobuf field name"
          + " (ASCII letters, digits and _ only)", false);
    }
    return name;
  }

  /** Rejects field names that protoc would reject in proto3 because their JSON names clash. */
  static void checkFieldNames(List<Field> fields, List<String> what, String owner) {
    var seen = new HashMap<String, Integer>();
    for (int i = 0; i < fields.size(); i++) {
      Integer j = seen.putIfAbsent(Names.jsonClashKey(fields.get(i).name), i);
      if (j != null) {
        throw new SchemaException(null, owner + ": " + what.get(j) + " and " + what.get(i)
            + " map to clashing protobuf field names " + fields.get(j).name + " and "
            + fields.get(i).name + "; rename one", false);
      }
    }
  }

  /** Fails if one of {@code names} is already claimed by another type or service. */
  void checkFree(List<String> names, String owner) {
    for (String name : names) {
      String other = symbols.get(name);
      if (other != null) {
        throw new SchemaException(null, "the protobuf name " + name + " of " + owner
            + " is already used by " + other, false);
      }
    }
  }

  void register(List<String> names, String owner) {
    checkFree(names, owner);
    for (String name : names) {
      symbols.put(name, owner);
    }
  }

  /** Builds the proto3 file {@code a/b/Name.proto} of the type or service {@code a.b.Name}. */
  static FileDescriptor buildFile(String fullName, Map<String, FileDescriptor> deps,
      Consumer<FileDescriptorProto.Builder> content) {
    String pkg = Names.packageOf(fullName);
    var proto = FileDescriptorProto.newBuilder()
        .setName(Names.fileName(pkg, Names.simpleNameOf(fullName)))
        .setSyntax("proto3")
        .addAllDependency(deps.keySet());
    if (!pkg.isEmpty()) {
      proto.setPackage(pkg);
    }
    content.accept(proto);
    try {
      return FileDescriptor.buildFrom(proto.build(), deps.values().toArray(new FileDescriptor[0]));
    } catch (DescriptorValidationException e) {
      throw new SchemaException(
          null, "cannot build " + proto.getName() + ": " + e.getMessage(), false);
    }
  }
}
