package io.rocketconnect.impl.config;

import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;

/**
 * A checked configuration seen through its {@code @ObjectClassDefinition} interface, as Declarative
 * Services shows a component property type: each method returns the value of the key its name maps
 * to ({@code sla_enabled()} is {@code sla.enabled}, {@code _secretKey()} is {@code .secretKey}), or
 * the method's default (0 or false for a primitive without one). So code reads {@code config.sendMsgTimeout()}, and the key's name and default
 * stay written once, in the annotation.
 */
public final class TypedConfigurations {

    private TypedConfigurations() {
    }

    public static <T> T of(Class<T> type, Map<String, Object> values) {
        return type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, (proxy, method, args) -> {
            if (method.getDeclaringClass() == Object.class || method.getDeclaringClass() == java.lang.annotation.Annotation.class) {
                return objectMethod(type, values, proxy, method, args);
            }
            Object value = values.get(key(method.getName()));
            if (value == null) {
                value = method.getDefaultValue();
            }
            // As DS does for a key with no value: a primitive reads as 0 or false.
            return value != null ? value : zero(method.getReturnType());
        }));
    }

    private static Object objectMethod(Class<?> type, Map<String, Object> values, Object proxy, Method method, Object[] args) {
        return switch (method.getName()) {
            case "equals" -> proxy == args[0];
            case "hashCode" -> System.identityHashCode(proxy);
            case "annotationType" -> type;
            default -> type.getSimpleName() + " of " + values.keySet();
        };
    }

    /**
     * The key an accessor reads, e.g. {@code key(AdapterConfig.class, AdapterConfig::sla_enabled)} is
     * {@code "sla.enabled"}: rules about one key name it through the compiler, never as a second string.
     */
    public static <T> String key(Class<T> type, Function<T, ?> accessor) {
        AtomicReference<String> called = new AtomicReference<>();
        T recorder = type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, (proxy, method, args) -> {
            called.set(key(method.getName()));
            return method.getDefaultValue() != null ? method.getDefaultValue() : zero(method.getReturnType());
        }));
        accessor.apply(recorder);
        if (called.get() == null) {
            throw new IllegalArgumentException("the accessor calls no method of " + type.getName());
        }
        return called.get();
    }

    private static Object zero(Class<?> type) {
        if (!type.isPrimitive()) {
            return null;
        }
        return type == boolean.class ? Boolean.FALSE : type == int.class ? Integer.valueOf(0) : type == long.class ? Long.valueOf(0)
                : type == double.class ? Double.valueOf(0) : null;
    }

    /** The property key of a method name, by the rules of DS 1.4 (112.8.2.1) that bnd's metatype uses too. */
    static String key(String methodName) {
        StringBuilder key = new StringBuilder(methodName.length());
        for (int i = 0; i < methodName.length(); i++) {
            char c = methodName.charAt(i);
            if (c == '$') {
                if (methodName.startsWith("$_$", i)) {
                    key.append('-');
                    i += 2;
                } else if (methodName.startsWith("$$", i)) {
                    key.append('$');
                    i++;
                }
            } else if (c == '_') {
                if (methodName.startsWith("__", i)) {
                    key.append('_');
                    i++;
                } else {
                    key.append('.');
                }
            } else {
                key.append(c);
            }
        }
        return key.toString();
    }
}
