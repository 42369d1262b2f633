package io.dtmshop.dtm;

/**
 * A gRPC branch URL as DTM's drivers read it.
 *
 * <ul>
 * <li>kratos driver form {@code discovery:///<service-name>/<full.grpc.Service>/<Method>} (also
 * {@code scheme://authority/<service-name>/...}): {@link #target()} is
 * {@code discovery:///<service-name>}, {@link #service()} is {@code <service-name>};</li>
 * <li>plain form {@code host:port/<full.grpc.Service>/<Method>}: target and service are
 * {@code host:port}.</li>
 * </ul>
 *
 * @param target what DTM's Go driver dials (Go: the {@code server} of {@code ParseServerMethod})
 * @param service the name to look a channel up with: the service name, or {@code host:port}
 * @param fullMethodName grpc-java full method name, {@code pkg.Service/Method} (no leading slash)
 */
public record BranchUrl(String target, String service, String fullMethodName) {

    /** Parses a branch URL; {@link IllegalArgumentException} when it names no service or method. */
    public static BranchUrl parse(String url) {
        if (url == null || url.isBlank()) {
            throw new IllegalArgumentException("bad url: empty");
        }
        String u = url.strip();
        int schemeEnd = u.indexOf("://");
        String target;
        String service;
        String rest;
        if (schemeEnd < 0) {
            int sep = u.indexOf('/');
            if (sep <= 0) {
                throw new IllegalArgumentException("bad url: '" + url + "'. no '/' found");
            }
            target = u.substring(0, sep);
            service = target;
            rest = u.substring(sep + 1);
        } else {
            String scheme = u.substring(0, schemeEnd);
            if (scheme.isEmpty()) {
                throw new IllegalArgumentException("bad url: '" + url + "'. empty scheme");
            }
            String afterScheme = u.substring(schemeEnd + 3);
            int pathStart = afterScheme.indexOf('/');
            if (pathStart < 0) {
                throw new IllegalArgumentException("bad url: '" + url + "'. no service name");
            }
            String authority = afterScheme.substring(0, pathStart);
            String path = afterScheme.substring(pathStart + 1);
            int sep = path.indexOf('/');
            if (sep <= 0) {
                throw new IllegalArgumentException("bad url: '" + url + "'. no service name or method");
            }
            service = path.substring(0, sep);
            target = scheme + "://" + authority + "/" + service;
            rest = path.substring(sep + 1);
        }
        int slash = rest.indexOf('/');
        if (slash <= 0 || slash == rest.length() - 1 || rest.indexOf('/', slash + 1) >= 0) {
            throw new IllegalArgumentException(
                    "bad url: '" + url + "'. the method must be <full.grpc.Service>/<Method>");
        }
        return new BranchUrl(target, service, rest);
    }

    /** The method as DTM's Go driver returns it, with the leading slash: {@code /pkg.Service/Method}. */
    public String method() {
        return "/" + fullMethodName;
    }
}
