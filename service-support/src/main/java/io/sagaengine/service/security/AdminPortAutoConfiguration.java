package io.sagaengine.service.security;

import org.apache.catalina.connector.Connector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.core.Ordered;

/**
 * The admin API and the console on a port of their own ({@code saga.security.admin-port}), so that a network rule
 * can keep them from the public: a second connector listens there, and {@link AdminPortFilter} answers 404 for the
 * admin paths on the service's port and for every other path on the admin port.
 */
@AutoConfiguration(after = ServiceSecurityAutoConfiguration.class)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnClass({Connector.class, TomcatServletWebServerFactory.class})
@ConditionalOnProperty("saga.security.admin-port")
public class AdminPortAutoConfiguration {

    private static final Logger log = LoggerFactory.getLogger(AdminPortAutoConfiguration.class);

    @Bean
    WebServerFactoryCustomizer<TomcatServletWebServerFactory> adminConnector(ServiceSecurityProperties properties) {
        int port = properties.adminPort();
        return factory -> {
            if (factory.getPort() == port) {
                throw new IllegalStateException("saga.security.admin-port (" + port + ") must differ from server.port");
            }
            Connector connector = new Connector(factory.getProtocol());
            connector.setPort(port);
            if (factory.getAddress() != null) {
                connector.setProperty("address", factory.getAddress().getHostAddress());
            }
            factory.addAdditionalConnectors(connector);
            log.info("The admin API and the console answer on port {} only", port);
        };
    }

    @Bean
    FilterRegistrationBean<AdminPortFilter> adminPortFilter(ServiceSecurityProperties properties) {
        FilterRegistrationBean<AdminPortFilter> registration =
                new FilterRegistrationBean<>(new AdminPortFilter(properties.adminPort()));
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
        return registration;
    }
}
