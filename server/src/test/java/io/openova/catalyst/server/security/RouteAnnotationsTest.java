package io.openova.catalyst.server.security;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HEAD;
import jakarta.ws.rs.OPTIONS;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import java.io.IOException;
import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Every route says who may use it: {@link Authorize} or {@link PublicRoute}, on the method or its class. */
class RouteAnnotationsTest {
    private static final List<Class<? extends Annotation>> HTTP_METHODS =
            List.of(GET.class, POST.class, PUT.class, DELETE.class, PATCH.class, HEAD.class, OPTIONS.class);

    /** Every resource method of the server, found in its compiled classes. */
    static List<Method> routes() throws IOException, URISyntaxException {
        java.nio.file.Path classes = java.nio.file.Path.of(AuthorizationFilter.class
                .getProtectionDomain()
                .getCodeSource()
                .getLocation()
                .toURI());
        try (Stream<java.nio.file.Path> files = Files.walk(classes)) {
            return files.filter(file -> file.toString().endsWith(".class"))
                    .map(file -> classes.relativize(file).toString())
                    .map(name ->
                            name.substring(0, name.length() - ".class".length()).replace('/', '.'))
                    .map(RouteAnnotationsTest::load)
                    .filter(type -> type.isAnnotationPresent(Path.class))
                    .flatMap(type -> Stream.of(type.getDeclaredMethods()))
                    .filter(method -> HTTP_METHODS.stream().anyMatch(method::isAnnotationPresent))
                    .toList();
        }
    }

    private static Class<?> load(String name) {
        try {
            return Class.forName(name, false, RouteAnnotationsTest.class.getClassLoader());
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void shouldNameWhoMayCallWhenAMethodIsARoute() throws Exception {
        // Given
        List<Method> routes = routes();

        // When
        List<String> unguarded = routes.stream()
                .filter(method -> !guarded(method))
                .map(method -> method.getDeclaringClass().getSimpleName() + "#" + method.getName())
                .toList();

        // Then
        assertThat(routes).hasSizeGreaterThan(20);
        assertThat(unguarded).isEmpty();
    }

    private static boolean guarded(Method method) {
        Class<?> type = method.getDeclaringClass();
        return method.isAnnotationPresent(Authorize.class)
                || method.isAnnotationPresent(PublicRoute.class)
                || type.isAnnotationPresent(Authorize.class)
                || type.isAnnotationPresent(PublicRoute.class);
    }
}
