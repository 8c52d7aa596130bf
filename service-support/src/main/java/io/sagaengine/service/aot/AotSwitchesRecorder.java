package io.sagaengine.service.aot;

import org.springframework.beans.factory.aot.BeanFactoryInitializationAotContribution;
import org.springframework.beans.factory.aot.BeanFactoryInitializationAotProcessor;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.Environment;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Properties;

/**
 * Records, while the build processes a service ahead of time, the value each {@link AotSwitches switch} had then,
 * next to the initializers that value shaped.
 */
final class AotSwitchesRecorder implements BeanFactoryInitializationAotProcessor {

    @Override
    public BeanFactoryInitializationAotContribution processAheadOfTime(ConfigurableListableBeanFactory beanFactory) {
        Environment environment = beanFactory.getBean(ConfigurableApplicationContext.ENVIRONMENT_BEAN_NAME,
                Environment.class);
        Properties recorded = AotSwitches.record(AotSwitches.all(beanFactory.getBeanClassLoader()), environment);
        return (generationContext, code) -> generationContext.getGeneratedFiles().addResourceFile(
                AotSwitches.RESOURCE, () -> new ByteArrayInputStream(bytes(recorded)));
    }

    private static byte[] bytes(Properties recorded) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            recorded.store(out, "the switches' values when the ahead-of-time initializers were made");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
