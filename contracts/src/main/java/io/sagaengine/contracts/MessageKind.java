package io.sagaengine.contracts;

public enum MessageKind {
    COMMAND,
    REPLY
}
