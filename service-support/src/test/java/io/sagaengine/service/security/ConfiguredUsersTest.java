package io.sagaengine.service.security;

import org.junit.jupiter.api.Test;
import org.springframework.security.core.GrantedAuthority;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ConfiguredUsersTest {

    private static final String HASH = "{bcrypt}$2a$10$J2kbvu7O1RQYJ/X6d3hUFuc8iBSt.rd7gs.RpdDxZkwefDT8AOtuW";

    @Test
    void refusesPlainTextPasswords() {
        var user = new ServiceSecurityProperties.User("sam", "secret", List.of("SUPPORT"));
        assertThatThrownBy(() -> ConfiguredUsers.of(List.of(user), false))
                .hasMessageContaining("saga.security.users[0].password must be a password hash")
                .hasMessageNotContaining("secret");
    }

    @Test
    void refusesNoopPasswords() {
        var user = new ServiceSecurityProperties.User("sam", "{noop}secret", List.of("SUPPORT"));
        assertThatThrownBy(() -> ConfiguredUsers.of(List.of(user), false)).hasMessageContaining("{noop}");
    }

    @Test
    void refusesBlankNames() {
        var user = new ServiceSecurityProperties.User(" ", HASH, List.of("SUPPORT"));
        assertThatThrownBy(() -> ConfiguredUsers.of(List.of(user), false)).hasMessageContaining("name");
    }

    @Test
    void normalisesRoles() {
        var user = new ServiceSecurityProperties.User("sam", HASH, List.of(" support", "ROLE_OPERATOR", ""));
        var users = ConfiguredUsers.of(List.of(user), false);
        assertThat(users.loadUserByUsername("sam").getAuthorities()).extracting(GrantedAuthority::getAuthority)
                .containsExactlyInAnyOrder("ROLE_SUPPORT", "ROLE_OPERATOR");
    }

    @Test
    void devUsersOnlyInTheDevProfile() {
        assertThat(ConfiguredUsers.of(List.of(), false).userExists("support")).isFalse();
        var dev = ConfiguredUsers.of(List.of(), true);
        assertThat(dev.userExists("support")).isTrue();
        assertThat(dev.loadUserByUsername("operator").getAuthorities()).extracting(GrantedAuthority::getAuthority)
                .containsExactlyInAnyOrder("ROLE_SUPPORT", "ROLE_OPERATOR");
        assertThat(dev.loadUserByUsername("support").getPassword()).startsWith("{bcrypt}");
    }

    @Test
    void configuredUsersReplaceDevUsersOfTheSameName() {
        var user = new ServiceSecurityProperties.User("operator", HASH, List.of("SUPPORT"));
        var users = ConfiguredUsers.of(List.of(user), true);
        assertThat(users.loadUserByUsername("operator").getAuthorities()).extracting(GrantedAuthority::getAuthority)
                .containsExactly("ROLE_SUPPORT");
    }
}
