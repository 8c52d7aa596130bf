package io.sagaengine.contracts;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.Set;

/**
 * The message types a service knows, by name and by class, put together from the {@link MessageSet}s the modules
 * register. Immutable and thread-safe.
 */
public final class MessageCatalog {

    /** The schema version every message is written with today. */
    public static final int CURRENT_VERSION = MessageDescriptor.CURRENT_VERSION;

    private static final MessageCatalog STANDARD = of(List.of(new OrderFlowMessages()));

    private final Map<String, MessageDescriptor> byName = new LinkedHashMap<>();
    private final Map<Class<?>, MessageDescriptor> byType = new LinkedHashMap<>();

    private MessageCatalog(Collection<MessageDescriptor> descriptors) {
        for (MessageDescriptor d : descriptors) {
            MessageDescriptor sameName = byName.get(d.name());
            MessageDescriptor sameType = byType.get(d.javaType());
            if (d.equals(sameName) && d.equals(sameType)) {
                continue; // the same set registered twice
            }
            if (sameName != null || sameType != null) {
                throw new IllegalStateException("duplicate message type " + d.name());
            }
            byName.put(d.name(), d);
            byType.put(d.javaType(), d);
        }
    }

    /** The order flow's messages only ({@link OrderFlowMessages}). */
    public static MessageCatalog standard() {
        return STANDARD;
    }

    /** Every set registered in {@code META-INF/services/io.sagaengine.contracts.MessageSet} on the classpath. */
    public static MessageCatalog discovered() {
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        return discovered(loader != null ? loader : MessageCatalog.class.getClassLoader());
    }

    public static MessageCatalog discovered(ClassLoader loader) {
        List<MessageSet> sets = new ArrayList<>();
        ServiceLoader.load(MessageSet.class, loader).forEach(sets::add);
        return of(sets);
    }

    /** @throws IllegalStateException if two different descriptors share a name or a class */
    public static MessageCatalog of(Collection<? extends MessageSet> sets) {
        List<MessageDescriptor> all = new ArrayList<>();
        sets.forEach(set -> all.addAll(set.descriptors()));
        return new MessageCatalog(all);
    }

    public static MessageCatalog of(MessageSet... sets) {
        return of(List.of(sets));
    }

    /** This catalog and {@code more}. */
    public MessageCatalog with(MessageSet... more) {
        List<MessageDescriptor> all = new ArrayList<>(byName.values());
        for (MessageSet set : more) {
            all.addAll(set.descriptors());
        }
        return new MessageCatalog(all);
    }

    /** @throws IllegalArgumentException if {@code type} is not a registered message */
    public MessageDescriptor describe(Class<?> type) {
        MessageDescriptor d = byType.get(type);
        if (d == null) {
            throw new IllegalArgumentException("not a registered message type: " + (type == null ? null : type.getName()));
        }
        return d;
    }

    /** @throws IllegalArgumentException if {@code message} is not a registered message */
    public MessageDescriptor describe(Object message) {
        if (message == null) {
            throw new IllegalArgumentException("message is null");
        }
        return describe(message.getClass());
    }

    public boolean contains(Class<?> type) {
        return byType.containsKey(type);
    }

    public Optional<MessageDescriptor> byName(String typeName) {
        return Optional.ofNullable(typeName == null ? null : byName.get(typeName));
    }

    /** The schema versions a consumer can read for {@code typeName}; empty for an unknown type. */
    public Set<Integer> supportedVersions(String typeName) {
        return byName(typeName).map(d -> Set.of(d.schemaVersion())).orElse(Set.of());
    }

    public boolean isSupported(String typeName, int schemaVersion) {
        return supportedVersions(typeName).contains(schemaVersion);
    }

    public List<MessageDescriptor> all() {
        return List.copyOf(byName.values());
    }

    /** The message types published to {@code topic}. */
    public List<MessageDescriptor> onTopic(String topic) {
        return byName.values().stream().filter(d -> d.topic().equals(topic)).toList();
    }
}
