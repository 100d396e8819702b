package io.openova.catalyst.identity.secrets;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * How {@link OpenBaoSecretStore} reaches OpenBao, validated when built. {@link #toString()} never shows a token.
 *
 * @param address OpenBao's address, such as {@code https://bao.example:8200}; the API is under {@code v1/} relative to
 *     it. {@code https} in production: the token travels with every request. Plain {@code http} is accepted (an
 *     OpenBao on a loopback address, or in a cluster whose network is trusted) and logged as a warning when the host
 *     is not a loopback one.
 * @param mount the path the KV version 2 secrets engine is enabled at ({@value #DEFAULT_MOUNT} by default)
 * @param pathPrefix the folder of the mount holding Catalyst's entries ({@value #DEFAULT_PATH_PREFIX} by default): the
 *     secret key {@code acme/dev/postgres} is the KV path {@code <pathPrefix>/acme/dev/postgres}
 * @param namespace the OpenBao namespace, sent as {@code X-Vault-Namespace}; empty for the root namespace
 * @param requestTimeout how long one HTTP request may take, connecting included ({@link #DEFAULT_REQUEST_TIMEOUT} by
 *     default)
 * @param auth how to authenticate
 */
public record OpenBaoSettings(
        URI address,
        String mount,
        String pathPrefix,
        Optional<String> namespace,
        Duration requestTimeout,
        OpenBaoAuth auth) {

    public static final String DEFAULT_MOUNT = "secret";
    public static final String DEFAULT_PATH_PREFIX = "catalyst";
    public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(30);

    /** Mount and prefix segments: what OpenBao accepts in a path without escaping, minus '.' and '..'. */
    private static final Pattern SEGMENT = Pattern.compile("[-_.a-zA-Z0-9]+");

    public OpenBaoSettings {
        Objects.requireNonNull(address, "address");
        address = normalizeAddress(address);
        mount = requirePath("OpenBao KV mount", mount);
        pathPrefix = requirePath("OpenBao path prefix", pathPrefix);
        Objects.requireNonNull(namespace, "namespace");
        namespace.ifPresent(value -> requireHeaderValue("OpenBao namespace", value));
        Objects.requireNonNull(requestTimeout, "requestTimeout");
        if (requestTimeout.isNegative() || requestTimeout.isZero()) {
            throw new IllegalArgumentException("OpenBao request timeout must be positive, got " + requestTimeout);
        }
        Objects.requireNonNull(auth, "auth");
    }

    /**
     * Settings with the defaults: mount {@value #DEFAULT_MOUNT}, path prefix {@value #DEFAULT_PATH_PREFIX}, the root
     * namespace and a {@link #DEFAULT_REQUEST_TIMEOUT} request timeout.
     */
    public static OpenBaoSettings of(URI address, OpenBaoAuth auth) {
        return new OpenBaoSettings(
                address, DEFAULT_MOUNT, DEFAULT_PATH_PREFIX, Optional.empty(), DEFAULT_REQUEST_TIMEOUT, auth);
    }

    public OpenBaoSettings withMount(String mount) {
        return new OpenBaoSettings(address, mount, pathPrefix, namespace, requestTimeout, auth);
    }

    public OpenBaoSettings withPathPrefix(String pathPrefix) {
        return new OpenBaoSettings(address, mount, pathPrefix, namespace, requestTimeout, auth);
    }

    public OpenBaoSettings withNamespace(String namespace) {
        return new OpenBaoSettings(address, mount, pathPrefix, Optional.of(namespace), requestTimeout, auth);
    }

    public OpenBaoSettings withRequestTimeout(Duration requestTimeout) {
        return new OpenBaoSettings(address, mount, pathPrefix, namespace, requestTimeout, auth);
    }

    public OpenBaoSettings withAuth(OpenBaoAuth auth) {
        return new OpenBaoSettings(address, mount, pathPrefix, namespace, requestTimeout, auth);
    }

    /** The URL of an API path such as {@code secret/data/catalyst/acme} (no leading '/', no {@code v1/}). */
    URI api(String path) {
        return address.resolve("v1/" + path);
    }

    /** Whether API traffic goes in clear text to a host that is not this machine. */
    boolean isPlainHttpToAnotherHost() {
        if (!"http".equals(address.getScheme())) {
            return false;
        }
        try {
            return !InetAddress.getByName(address.getHost()).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return true;
        }
    }

    @Override
    public String toString() {
        return "OpenBaoSettings[address=" + address + ", mount=" + mount + ", pathPrefix=" + pathPrefix
                + ", namespace=" + namespace.orElse("") + ", requestTimeout=" + requestTimeout + ", auth=" + auth
                + "]";
    }

    private static URI normalizeAddress(URI address) {
        String scheme = address.getScheme() == null ? "" : address.getScheme().toLowerCase(Locale.ROOT);
        if (!address.isAbsolute() || !(scheme.equals("https") || scheme.equals("http")) || address.getHost() == null) {
            throw new IllegalArgumentException(
                    "OpenBao address must be an absolute https:// or http:// URL with a host, got '" + address + "'");
        }
        if (address.getRawUserInfo() != null) {
            throw new IllegalArgumentException(
                    "OpenBao address must have no user info: the token authenticates, got one for host '"
                            + address.getHost() + "'");
        }
        if (address.getRawQuery() != null || address.getRawFragment() != null) {
            throw new IllegalArgumentException("OpenBao address must have no query or fragment, got '" + address + "'");
        }
        String path = address.getRawPath() == null || address.getRawPath().isEmpty() ? "/" : address.getRawPath();
        return URI.create(scheme + "://" + address.getRawAuthority() + (path.endsWith("/") ? path : path + "/"));
    }

    /** {@code path} itself: '/'-separated segments of letters, digits, '-', '_' and '.', no '.' or '..' segment. */
    static String requirePath(String what, String path) {
        Objects.requireNonNull(path, what);
        if (path.isEmpty() || path.length() > 200) {
            throw new IllegalArgumentException(what + " must be 1 to 200 characters, got " + path.length());
        }
        for (String segment : path.split("/", -1)) {
            if (!SEGMENT.matcher(segment).matches() || segment.equals(".") || segment.equals("..")) {
                throw new IllegalArgumentException(what + " must be '/'-separated segments of letters, digits, '-',"
                        + " '_' and '.' (not '.' or '..', no leading, trailing or double '/'), got '" + path + "'");
            }
        }
        return path;
    }

    /** A value sent in a header or a login: not blank, no whitespace at its ends, no control characters. */
    static void requireHeaderValue(String what, String value) {
        Objects.requireNonNull(value, what);
        if (value.isBlank() || !value.equals(value.strip()) || value.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
            throw new IllegalArgumentException(
                    what + " must not be blank or contain whitespace at its ends or control characters");
        }
    }
}
