package io.openova.catalyst.identity.oidc;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;
import org.jose4j.json.JsonUtil;
import org.jose4j.lang.JoseException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Catalyst as an OIDC client of the authorization code flow with PKCE (S256): the address the browser is sent to,
 * and the back-channel exchange of the code for tokens, which therefore never reach the browser.
 *
 * @param clientId the client Catalyst is at the provider ({@code catalyst})
 * @param clientSecret the secret of a confidential client, sent by HTTP Basic; empty for a public client
 */
public record OidcClient(String clientId, Optional<String> clientSecret, HttpClient http) {
    private static final Logger LOGGER = LoggerFactory.getLogger(OidcClient.class);

    public OidcClient {
        if (clientId == null || clientId.isBlank()) {
            throw new IllegalArgumentException("clientId: must not be blank");
        }
        Objects.requireNonNull(clientSecret, "clientSecret");
        Objects.requireNonNull(http, "http");
    }

    public OidcClient(String clientId, Optional<String> clientSecret) {
        this(
                clientId,
                clientSecret,
                HttpClient.newBuilder()
                        .connectTimeout(Duration.ofSeconds(5))
                        .followRedirects(HttpClient.Redirect.NEVER)
                        .build());
    }

    @Override
    public String toString() {
        return "OidcClient[clientId=" + clientId + ", clientSecret="
                + (clientSecret.isPresent() ? "<redacted>" : "none") + "]";
    }

    /**
     * The tokens of an exchanged code. They stay on the server.
     *
     * @param accessToken the access token, checked like any bearer token
     * @param idToken the ID token, whose nonce binds it to the login
     */
    public record Tokens(String accessToken, String idToken) {
        @Override
        public String toString() {
            return "Tokens[<redacted>]";
        }
    }

    /** Where the browser goes to log in: the provider's authorization endpoint with the login's parameters. */
    public URI authorizationRequest(ProviderMetadata provider, URI redirectUri, PendingLogins.PendingLogin login)
            throws InvalidTokenException {
        URI endpoint = provider.authorizationEndpoint()
                .orElseThrow(() -> new InvalidTokenException("the issuer publishes no authorization_endpoint"));
        Map<String, String> query = new LinkedHashMap<>();
        query.put("response_type", "code");
        query.put("client_id", clientId);
        query.put("redirect_uri", redirectUri.toString());
        query.put("scope", "openid");
        query.put("state", login.state());
        query.put("nonce", login.nonce());
        query.put("code_challenge", login.codeChallenge());
        query.put("code_challenge_method", "S256");
        String separator = endpoint.getRawQuery() == null ? "?" : "&";
        return URI.create(endpoint + separator + form(query));
    }

    /**
     * Where the browser goes to end the user's session at the provider too (OpenID Connect RP-Initiated Logout 1.0):
     * the provider's {@code end_session_endpoint} with the login's ID token as {@code id_token_hint}, this client's
     * {@code client_id}, and the {@code post_logout_redirect_uri} the provider sends the browser back to. The ID token
     * lets the provider end the right session without asking the user to confirm. No {@code state}: the page the
     * browser returns to acts on nothing, so there is nothing to bind. The address holds the ID token: never log it.
     *
     * @return empty when the provider publishes no {@code end_session_endpoint}
     */
    public Optional<URI> endSessionRequest(
            ProviderMetadata provider, OidcSessions.ProviderLogin login, URI postLogoutRedirectUri) {
        return provider.endSessionEndpoint().map(endpoint -> {
            Map<String, String> query = new LinkedHashMap<>();
            query.put("id_token_hint", login.idToken());
            query.put("post_logout_redirect_uri", postLogoutRedirectUri.toString());
            query.put("client_id", clientId);
            String separator = endpoint.getRawQuery() == null ? "?" : "&";
            return URI.create(endpoint + separator + form(query));
        });
    }

    /**
     * Exchanges an authorization code at the token endpoint, with the login's PKCE verifier.
     *
     * @throws InvalidTokenException if the provider refuses or cannot be reached; the message has the OAuth error
     *     code at most, never a token or the code
     */
    public Tokens exchange(ProviderMetadata provider, String code, URI redirectUri, PendingLogins.PendingLogin login)
            throws InvalidTokenException {
        URI endpoint = provider.tokenEndpoint()
                .orElseThrow(() -> new InvalidTokenException("the issuer publishes no token_endpoint"));
        Map<String, String> body = new LinkedHashMap<>();
        body.put("grant_type", "authorization_code");
        body.put("code", code);
        body.put("redirect_uri", redirectUri.toString());
        body.put("code_verifier", login.codeVerifier());
        body.put("client_id", clientId);
        HttpRequest.Builder request = HttpRequest.newBuilder(endpoint)
                .timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(form(body)));
        clientSecret.ifPresent(secret -> request.header(
                "Authorization",
                "Basic "
                        + Base64.getEncoder()
                                .encodeToString(
                                        (encode(clientId) + ":" + encode(secret)).getBytes(StandardCharsets.UTF_8))));
        try {
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            Map<String, Object> answer = JsonUtil.parseJson(response.body());
            if (response.statusCode() != 200) {
                Object error = answer.get("error");
                LOGGER.warn(
                        "OIDC code exchange refused issuer={} status={} error={}",
                        provider.issuer(),
                        response.statusCode(),
                        error);
                throw new InvalidTokenException("the identity provider refused the code: " + error);
            }
            if (!(answer.get("access_token") instanceof String access)
                    || !(answer.get("id_token") instanceof String id)) {
                throw new InvalidTokenException("the identity provider answered without an access and an ID token");
            }
            return new Tokens(access, id);
        } catch (IOException | JoseException e) {
            LOGGER.warn(
                    "OIDC code exchange failed issuer={} error={}",
                    provider.issuer(),
                    e.getClass().getName());
            throw new InvalidTokenException("the identity provider could not be reached", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InvalidTokenException("interrupted while reaching the identity provider", e);
        }
    }

    private static String form(Map<String, String> fields) {
        return fields.entrySet().stream()
                .map(field -> encode(field.getKey()) + "=" + encode(field.getValue()))
                .collect(Collectors.joining("&"));
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
