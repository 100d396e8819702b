package io.openova.catalyst.identity.oidc;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.jose4j.jwk.JsonWebKeySet;
import org.jose4j.jwk.RsaJsonWebKey;
import org.jose4j.jwk.RsaJwkGenerator;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.lang.JoseException;

/**
 * A small OIDC provider on loopback for the verifier's and the logout's tests: realms under {@code /realms/<name>} with discovery (an
 * {@code end_session_endpoint} included) and one JWKS, and the tokens they would sign. Its keys are made once per JVM
 * (RSA keys are slow to make): the issuer's, and a stranger's with the same key id.
 */
final class TestIssuer implements AutoCloseable {
    private static RsaJsonWebKey key;
    private static RsaJsonWebKey stranger;

    private final HttpServer server;
    private final String prefix;
    private final AtomicInteger requests = new AtomicInteger();
    private final AtomicInteger discoveries = new AtomicInteger();

    private TestIssuer(HttpServer server, String prefix) {
        this.server = server;
        this.prefix = prefix;
    }

    static synchronized TestIssuer start() throws IOException, JoseException {
        if (key == null) {
            key = RsaJwkGenerator.generateJwk(2048);
            key.setKeyId("k1");
            stranger = RsaJwkGenerator.generateJwk(2048);
            stranger.setKeyId("k1");
        }
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        String prefix = "http://127.0.0.1:" + server.getAddress().getPort() + "/realms/";
        TestIssuer issuer = new TestIssuer(server, prefix);
        server.createContext("/realms/", exchange -> {
            issuer.requests.incrementAndGet();
            String path = exchange.getRequestURI().getPath();
            String realm = path.substring("/realms/".length()).split("/")[0];
            String body;
            if (path.endsWith("/.well-known/openid-configuration")) {
                issuer.discoveries.incrementAndGet();
                body = "{\"issuer\":\"" + prefix + realm + "\",\"jwks_uri\":\"" + prefix + realm
                        + "/certs\",\"end_session_endpoint\":\"" + prefix + realm + "/logout\"}";
            } else if (path.endsWith("/certs")) {
                body = new JsonWebKeySet(key).toJson();
            } else {
                exchange.sendResponseHeaders(404, -1);
                exchange.close();
                return;
            }
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, bytes.length);
            exchange.getResponseBody().write(bytes);
            exchange.close();
        });
        server.start();
        return issuer;
    }

    /** {@code http://127.0.0.1:<port>/realms/}: what Catalyst's issuer prefix is set to. */
    String prefix() {
        return prefix;
    }

    String issuer(String realm) {
        return prefix + realm;
    }

    /** How many discovery documents the issuer has answered. */
    int discoveries() {
        return discoveries.get();
    }

    /** How many requests (discovery, keys) the issuer has answered. */
    int requests() {
        return requests.get();
    }

    /** A verifier that trusts this issuer's realms, one per Organization, for audience {@code catalyst}. */
    OidcTokenVerifier verifier() {
        return new OidcTokenVerifier(new OidcSettings(
                new OidcSettings.RealmPerOrganization(URI.create(prefix)), "catalyst", "roles", Duration.ofSeconds(5)));
    }

    /**
     * A logout token of {@code realm} as Keycloak makes one (client {@code catalyst}, a {@code sid} and a {@code sub},
     * the back-channel logout event, a fresh {@code jti}), changed by {@code change}.
     */
    String logoutToken(String realm, Consumer<JwtClaims> change) throws JoseException {
        return sign(logoutClaims(issuer(realm), change), key);
    }

    /** The same, signed with a stranger's key of the same key id. */
    String logoutTokenOfAStranger(String realm) throws JoseException {
        return sign(logoutClaims(issuer(realm), claims -> {}), stranger);
    }

    /** The claims of {@link #logoutToken}, of any issuer. */
    static JwtClaims logoutClaims(String issuer, Consumer<JwtClaims> change) {
        JwtClaims claims = new JwtClaims();
        claims.setIssuer(issuer);
        claims.setAudience("catalyst");
        claims.setIssuedAtToNow();
        claims.setExpirationTimeMinutesInTheFuture(2);
        claims.setGeneratedJwtId();
        claims.setSubject("user-1");
        claims.setClaim("sid", "provider-session-1");
        claims.setClaim("typ", "Logout");
        claims.setClaim(
                "events",
                java.util.Map.of(
                        OidcTokenVerifier.BACKCHANNEL_LOGOUT_EVENT,
                        java.util.Map.of(),
                        "revoke_offline_access",
                        false));
        change.accept(claims);
        return claims;
    }

    static String sign(JwtClaims claims, RsaJsonWebKey signer) throws JoseException {
        JsonWebSignature jws = new JsonWebSignature();
        jws.setPayload(claims.toJson());
        jws.setKey(signer.getPrivateKey());
        jws.setKeyIdHeaderValue(signer.getKeyId());
        jws.setAlgorithmHeaderValue(AlgorithmIdentifiers.RSA_USING_SHA256);
        return jws.getCompactSerialization();
    }

    /** The issuer's key, whose public half its JWKS serves. */
    static RsaJsonWebKey key() {
        return key;
    }

    /** A key nobody trusts, for tokens of an issuer outside the trusted prefix. */
    static RsaJsonWebKey strangerKey() {
        return stranger;
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
