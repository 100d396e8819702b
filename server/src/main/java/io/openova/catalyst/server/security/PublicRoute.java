package io.openova.catalyst.server.security;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A route the {@link AuthorizationFilter} leaves alone because it authenticates on its own: the session routes (login
 * checks a password, the others the session cookie), the identity provider's back-channel logout (its signed logout
 * token) and the Flux status webhook (its Environment's own token). Every use says why in its {@link #value()}.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.METHOD, ElementType.TYPE})
public @interface PublicRoute {
    /** Why this route needs no caller, for the reader. */
    String value();
}
