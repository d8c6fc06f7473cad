package org.remoting.invocation;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.HashMap;
import java.util.Map;

/**
 * The declared styles of the remote methods of one interface, resolved and validated once per
 * interface and cached with the class (a {@link ClassValue}, so unloading is not prevented).
 * Immutable and thread-safe.
 */
final class MethodStyles {
  private static final ClassValue<MethodStyles> CACHE =
      new ClassValue<>() {
        @Override
        protected MethodStyles computeValue(Class<?> type) {
          return new MethodStyles(type);
        }
      };

  private final Map<Method, DeclaredStyle> byMethod;

  private MethodStyles(Class<?> remoteInterface) {
    var styles = new HashMap<Method, DeclaredStyle>();
    for (Method m : remoteInterface.getMethods()) {
      if (isRemote(m)) {
        styles.put(m, DeclaredStyle.of(m));
      }
    }
    this.byMethod = Map.copyOf(styles);
  }

  /**
   * The styles of {@code remoteInterface}'s abstract methods.
   *
   * @throws org.remoting.InvalidRemoteInterfaceException if one is declared wrongly
   */
  static MethodStyles of(Class<?> remoteInterface) {
    return CACHE.get(remoteInterface);
  }

  /** The declared style of a remote method of the interface. */
  DeclaredStyle get(Method method) {
    DeclaredStyle style = byMethod.get(method);
    return style != null ? style : DeclaredStyle.of(method); // not seen by getMethods(): rare
  }

  /** Abstract instance methods, except redeclared methods of {@code Object}. */
  static boolean isRemote(Method m) {
    int modifiers = m.getModifiers();
    return Modifier.isAbstract(modifiers) && !Modifier.isStatic(modifiers) && !m.isDefault()
        && !m.isSynthetic() && !m.isBridge() && !isObjectMethod(m);
  }

  private static boolean isObjectMethod(Method m) {
    try {
      Object.class.getMethod(m.getName(), m.getParameterTypes());
      return true;
    } catch (NoSuchMethodException e) {
      return false;
    }
  }
}
