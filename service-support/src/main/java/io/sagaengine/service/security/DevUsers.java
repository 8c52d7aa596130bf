package io.sagaengine.service.security;

import java.util.List;

/**
 * The local accounts of the {@code dev} profile, and only of that profile: {@code support} (password
 * {@code support-dev-password}, role SUPPORT) and {@code operator} ({@code operator-dev-password}, SUPPORT and
 * OPERATOR). Only their bcrypt hashes are kept.
 */
final class DevUsers {

    static final String PROFILE = "dev";

    static final List<ServiceSecurityProperties.User> USERS = List.of(
            new ServiceSecurityProperties.User("support",
                    "{bcrypt}$2a$10$T55hcmu2IauezweVY0Hk0uHAT69h8tHZU730BbssU.XIiH7h1Se5K",
                    List.of(Roles.SUPPORT)),
            new ServiceSecurityProperties.User("operator",
                    "{bcrypt}$2a$10$6bSM2zq0rNCYh5DcYIULiOvtpE1wuOvZBldRhcXpVRt6UsnLNw7p2",
                    List.of(Roles.SUPPORT, Roles.OPERATOR)));

    private DevUsers() {
    }
}
