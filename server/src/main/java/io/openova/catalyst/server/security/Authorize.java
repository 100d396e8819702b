package io.openova.catalyst.server.security;

import io.openova.catalyst.identity.Action;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * What a route does, in the terms of the {@link io.openova.catalyst.identity.AuthorizationPolicy}. Every resource
 * method carries this or {@link PublicRoute} (an architecture test keeps it so); the {@link AuthorizationFilter}
 * authenticates the caller and asks the policy, with the route's {@code {org}} path segment as the target
 * Organization, before the method runs.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.METHOD, ElementType.TYPE})
public @interface Authorize {
    Action value();
}
