package io.sagaengine.service;

import io.sagaengine.service.problem.ProblemDetailsAutoConfiguration;
import io.sagaengine.service.problem.ResourceConflictException;
import io.sagaengine.service.problem.ResourceNotFoundException;
import io.sagaengine.service.security.AccessRules;
import io.sagaengine.service.security.ApiTokenAutoConfiguration;
import io.sagaengine.service.security.ServiceSecurityAutoConfiguration;
import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.autoconfigure.context.PropertyPlaceholderAutoConfiguration;
import org.springframework.boot.http.converter.autoconfigure.HttpMessageConvertersAutoConfiguration;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.security.autoconfigure.SecurityAutoConfiguration;
import org.springframework.boot.security.autoconfigure.web.servlet.ServletWebSecurityAutoConfiguration;
import org.springframework.boot.validation.autoconfigure.ValidationAutoConfiguration;
import org.springframework.boot.webmvc.autoconfigure.DispatcherServletAutoConfiguration;
import org.springframework.boot.webmvc.autoconfigure.WebMvcAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.math.BigDecimal;
import java.util.Map;

/** A tiny web service with the shared security and problem details, and nothing else (no database, no Kafka). */
@SpringBootConfiguration
@ImportAutoConfiguration({PropertyPlaceholderAutoConfiguration.class, JacksonAutoConfiguration.class,
        HttpMessageConvertersAutoConfiguration.class, ValidationAutoConfiguration.class,
        DispatcherServletAutoConfiguration.class, WebMvcAutoConfiguration.class, SecurityAutoConfiguration.class,
        ServletWebSecurityAutoConfiguration.class, ServiceSecurityAutoConfiguration.class,
        ApiTokenAutoConfiguration.class, ProblemDetailsAutoConfiguration.class})
public class WebTestApplication {

    @Bean
    AccessRules supportMayPostNotes() {
        return requests -> requests.requestMatchers(org.springframework.http.HttpMethod.POST, "/things/notes")
                .hasAnyRole("SUPPORT", "OPERATOR");
    }

    public record ThingRequest(@NotBlank String name, @NotNull @DecimalMin("0.00") BigDecimal price) {
    }

    @RestController
    public static class ThingController {

        @GetMapping("/things/{id}")
        public Map<String, String> get(@PathVariable @Pattern(regexp = "[a-z0-9-]{1,20}") String id) {
            return switch (id) {
                case "missing" -> throw new ResourceNotFoundException("no thing " + id);
                case "busy" -> throw new ResourceConflictException("thing " + id + " is busy");
                case "stale" -> throw new OptimisticLockingFailureException("version 3 expected");
                case "broken" -> throw new IllegalStateException("secret internals");
                case "database-down" -> throw new org.springframework.jdbc.CannotGetJdbcConnectionException(
                        "Failed to obtain JDBC Connection", new java.sql.SQLTransientConnectionException(
                        "HikariPool-1 - Connection is not available, request timed out after 30000ms (secret)"));
                default -> Map.of("id", id);
            };
        }

        @GetMapping("/things")
        public Map<String, String> find(@RequestParam String owner) {
            return Map.of("owner", owner);
        }

        @PostMapping("/things")
        public Map<String, String> create(@Valid @RequestBody ThingRequest request) {
            return Map.of("name", request.name());
        }

        @PostMapping("/things/notes")
        public Map<String, String> note() {
            return Map.of("noted", "yes");
        }

        @GetMapping("/open/ping")
        public Map<String, String> ping() {
            return Map.of("pong", "yes");
        }
    }
}
