package io.dtmshop.gateway.rest;

import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.spi.Bean;
import jakarta.enterprise.inject.spi.BeanManager;
import jakarta.inject.Singleton;
import jakarta.ws.rs.HttpMethod;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Which HTTP methods each path of the REST API answers, read from the JAX-RS annotations of its
 * resources: the {@code Allow} header of a 405 ({@link ErrorMappers}) and the answer to OPTIONS.
 * <p>
 * Quarkus REST 3.30 gets both wrong (resteasy-reactive's ClassRoutingHandler): its 405 has no
 * {@code Allow} header, which RFC 9110 section 15.5.6 requires, and its own answer to OPTIONS lists
 * the methods of every resource under the same class-level {@code @Path}: {@code OPTIONS /shop/saga}
 * listed GET and HEAD, which then answered 405.
 */
@Singleton
public class AllowedMethods {

    /** {@code {name}} or {@code {name: regex}} in a JAX-RS path template (Jakarta REST 4.0, section 3.7.3). */
    private static final Pattern TEMPLATE_PARAMETER = Pattern.compile("\\{\\s*\\w[\\w.-]*\\s*(?::\\s*((?:[^{}]|\\{[^{}]*})*))?}");

    private final List<Route> routes;

    AllowedMethods(BeanManager beans) {
        this.routes = beans.getBeans(Object.class, Any.Literal.INSTANCE).stream()
                .map(Bean::getBeanClass)
                .filter(type -> type.isAnnotationPresent(Path.class))
                .distinct()
                .flatMap(AllowedMethods::routesOf)
                .toList();
    }

    /**
     * The methods {@code path} (relative to the REST root, e.g. {@code /shop/saga}) answers, sorted:
     * those of its resource methods, HEAD wherever GET is, and OPTIONS. Empty for a path that no
     * resource method serves. A trailing slash is ignored, as Quarkus REST ignores it.
     */
    public SortedSet<String> of(String path) {
        if (path.length() > 1 && path.endsWith("/")) {
            path = path.substring(0, path.length() - 1);
        }
        SortedSet<String> methods = new TreeSet<>();
        for (Route route : routes) {
            if (route.pattern().matcher(path).matches()) {
                methods.add(route.method());
            }
        }
        if (methods.isEmpty()) {
            return Collections.emptySortedSet();
        }
        if (methods.contains(HttpMethod.GET)) {
            methods.add(HttpMethod.HEAD);
        }
        methods.add(HttpMethod.OPTIONS);
        return Collections.unmodifiableSortedSet(methods);
    }

    /**
     * Answers OPTIONS before Quarkus REST matches the request (see the class comment); 404 for a
     * path no resource serves. Other methods go on (null).
     */
    @ServerRequestFilter(preMatching = true)
    public Response options(ContainerRequestContext request) {
        if (!HttpMethod.OPTIONS.equals(request.getMethod())) {
            return null;
        }
        String path = request.getUriInfo().getPath();
        Set<String> allowed = of(path);
        if (allowed.isEmpty()) {
            throw new NotFoundException("no such path: " + path);
        }
        return Response.ok().allow(allowed).build();
    }

    private record Route(Pattern pattern, String method) {
    }

    private static Stream<Route> routesOf(Class<?> resource) {
        String base = resource.getAnnotation(Path.class).value();
        return Arrays.stream(resource.getMethods())
                .flatMap(method -> httpMethodOf(method).stream()
                        .map(httpMethod -> new Route(patternOf(join(base, method.getAnnotation(Path.class))), httpMethod)));
    }

    /** The value of the method's {@code @GET}, {@code @POST}, ... (annotations marked {@code @HttpMethod}). */
    private static List<String> httpMethodOf(Method method) {
        return Arrays.stream(method.getAnnotations())
                .map(Annotation::annotationType)
                .filter(type -> type.isAnnotationPresent(HttpMethod.class))
                .map(type -> type.getAnnotation(HttpMethod.class).value())
                .toList();
    }

    private static String join(String base, Path sub) {
        String path = "/" + base + (sub == null ? "" : "/" + sub.value());
        path = path.replaceAll("/{2,}", "/");
        return path.length() > 1 && path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
    }

    /** {@code /shop/products/{id}} -> {@code \Q/shop/products/\E[^/]+}. */
    private static Pattern patternOf(String template) {
        StringBuilder regex = new StringBuilder();
        Matcher parameter = TEMPLATE_PARAMETER.matcher(template);
        int literalFrom = 0;
        while (parameter.find()) {
            regex.append(Pattern.quote(template.substring(literalFrom, parameter.start())));
            regex.append(parameter.group(1) == null ? "[^/]+" : "(?:" + parameter.group(1).trim() + ")");
            literalFrom = parameter.end();
        }
        regex.append(Pattern.quote(template.substring(literalFrom)));
        return Pattern.compile(regex.toString());
    }
}
