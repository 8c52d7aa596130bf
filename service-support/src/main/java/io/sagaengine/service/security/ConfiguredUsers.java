package io.sagaengine.service.security;

import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/** Turns the configured accounts (plus the dev accounts, in the dev profile) into a user store. */
final class ConfiguredUsers {

    private static final Pattern ENCODED = Pattern.compile("^\\{([A-Za-z0-9_-]+)}.+");

    private ConfiguredUsers() {
    }

    static InMemoryUserDetailsManager of(List<ServiceSecurityProperties.User> configured, boolean devProfile) {
        Map<String, ServiceSecurityProperties.User> byName = new LinkedHashMap<>();
        if (devProfile) {
            DevUsers.USERS.forEach(u -> byName.put(u.name(), u));
        }
        for (int i = 0; i < configured.size(); i++) {
            ServiceSecurityProperties.User user = configured.get(i);
            validate(user, "saga.security.users[" + i + "]");
            byName.put(user.name(), user);
        }
        List<UserDetails> users = new ArrayList<>();
        byName.values().forEach(u -> users.add(User.withUsername(u.name())
                .password(u.password())
                .roles(roles(u.roles()))
                .build()));
        return new InMemoryUserDetailsManager(users);
    }

    private static void validate(ServiceSecurityProperties.User user, String property) {
        if (user.name() == null || user.name().isBlank()) {
            throw new IllegalArgumentException(property + ".name must not be blank");
        }
        String password = user.password();
        var matcher = password == null ? null : ENCODED.matcher(password);
        if (matcher == null || !matcher.matches()) {
            throw new IllegalArgumentException(property + ".password must be a password hash such as {bcrypt}$2a$10$...");
        }
        if (matcher.group(1).equalsIgnoreCase("noop")) {
            throw new IllegalArgumentException(property + ".password must be a hash, not {noop} plain text");
        }
    }

    private static String[] roles(List<String> roles) {
        return roles.stream()
                .map(String::trim)
                .filter(r -> !r.isEmpty())
                .map(r -> r.toUpperCase(Locale.ROOT))
                .map(r -> r.startsWith("ROLE_") ? r.substring("ROLE_".length()) : r)
                .distinct()
                .toArray(String[]::new);
    }
}
