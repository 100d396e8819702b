package io.openova.catalyst.gitops.gitea;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Objects;

/**
 * How Catalyst reaches Gitea. {@link #toString()} never shows the token or the webhook secret.
 *
 * @param baseUrl the root URL of Gitea, as users browse it ({@code https://git.example.com/} or with a sub-path);
 *     the REST API is under {@code api/v1/} and repositories under {@code <org>/<env>.git} relative to it. {@code https}
 *     in production: the token travels with every request. Plain {@code http} is accepted (a Gitea on a loopback
 *     address, or inside a cluster whose network is trusted) and logged as a warning when the host is not a loopback
 *     one.
 * @param token a Gitea access token with the scopes {@code write:organization}, {@code write:repository} and
 *     {@code read:user}, whose user may create organizations
 * @param webhookUrl where Gitea sends push events of every Environment repository (absolute http(s) URL)
 * @param webhookSecret the secret Gitea signs the push events with ({@code X-Gitea-Signature}, HMAC-SHA256)
 * @param cacheDir where the local bare mirrors of the Environment repositories live ({@code <org>/<env>.git}); a
 *     cache: it may be deleted while Catalyst is stopped
 */
public record GiteaSettings(URI baseUrl, String token, String webhookUrl, String webhookSecret, Path cacheDir) {
    public GiteaSettings {
        Objects.requireNonNull(baseUrl, "baseUrl");
        requireHttp("Gitea base URL", baseUrl);
        if (baseUrl.getRawUserInfo() != null) {
            throw new IllegalArgumentException(
                    "Gitea base URL must have no user info: the token authenticates, got one for host '"
                            + baseUrl.getHost() + "'");
        }
        if (baseUrl.getRawQuery() != null || baseUrl.getRawFragment() != null) {
            throw new IllegalArgumentException("Gitea base URL must have no query or fragment, got '" + baseUrl + "'");
        }
        String path = baseUrl.getRawPath() == null || baseUrl.getRawPath().isEmpty() ? "/" : baseUrl.getRawPath();
        baseUrl = URI.create(
                baseUrl.getScheme() + "://" + baseUrl.getRawAuthority() + (path.endsWith("/") ? path : path + "/"));
        requireSecret("Gitea token", token);
        Objects.requireNonNull(webhookUrl, "webhookUrl");
        URI webhook;
        try {
            webhook = URI.create(webhookUrl);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("webhook URL '" + webhookUrl + "' is not a URL: " + e.getMessage(), e);
        }
        requireHttp("webhook URL", webhook);
        requireSecret("webhook secret", webhookSecret);
        Objects.requireNonNull(cacheDir, "cacheDir");
    }

    /** The URL of an API path such as {@code orgs/acme} (no leading '/'). */
    URI api(String path) {
        return baseUrl.resolve("api/v1/" + path);
    }

    /** The Git smart-HTTP URL of a repository. */
    URI repository(String org, String name) {
        return baseUrl.resolve(org + "/" + name + ".git");
    }

    /** Whether Git and API traffic goes in clear text to a host that is not this machine. */
    boolean isPlainHttpToAnotherHost() {
        if (!"http".equals(baseUrl.getScheme().toLowerCase(Locale.ROOT))) {
            return false;
        }
        try {
            return !InetAddress.getByName(baseUrl.getHost()).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return true;
        }
    }

    @Override
    public String toString() {
        return "GiteaSettings[baseUrl=" + baseUrl + ", token=***, webhookUrl=" + webhookUrl
                + ", webhookSecret=***, cacheDir=" + cacheDir + "]";
    }

    private static void requireHttp(String what, URI url) {
        String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
        if (!url.isAbsolute() || !(scheme.equals("https") || scheme.equals("http")) || url.getHost() == null) {
            throw new IllegalArgumentException(
                    what + " must be an absolute https:// or http:// URL with a host, got '" + url + "'");
        }
    }

    private static void requireSecret(String what, String value) {
        Objects.requireNonNull(value, what);
        if (value.isBlank() || !value.equals(value.strip()) || value.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
            throw new IllegalArgumentException(
                    what + " must not be blank or contain whitespace at its ends or control characters");
        }
    }
}
