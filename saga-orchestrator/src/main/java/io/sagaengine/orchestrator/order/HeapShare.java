package io.sagaengine.orchestrator.order;

/** How many held requests fit in a share of the heap: the default of the long-poll and the push caps. */
final class HeapShare {

    private HeapShare() {
    }

    /** {@code percent}% of {@code maxHeapBytes}, divided by {@code bytesEach}; at least 1. */
    static int capacity(long maxHeapBytes, int percent, int bytesEach) {
        long share = maxHeapBytes / 100 * percent;
        return (int) Math.max(1, Math.min(Integer.MAX_VALUE, share / bytesEach));
    }
}
