package io.sagaengine.service.security;

/** The roles of the services' HTTP APIs, as configured for users (without the {@code ROLE_} prefix). */
public final class Roles {

    /** Support staff: may read. */
    public static final String SUPPORT = "SUPPORT";
    /** Operators: may read and act. */
    public static final String OPERATOR = "OPERATOR";

    private Roles() {
    }
}
