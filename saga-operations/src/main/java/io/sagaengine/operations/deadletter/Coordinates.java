package io.sagaengine.operations.deadletter;

/** Where a dead-lettered record sits: its dead-letter topic, partition and offset. */
record Coordinates(String topic, int partition, long offset) {

    @Override
    public String toString() {
        return topic + "/" + partition + "/" + offset;
    }
}
