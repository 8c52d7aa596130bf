package io.sagaengine.orchestrator.admission;

/** Why an order, or an admin request, was refused: the tag {@code reason} of {@code orders.admission.refused}. */
enum RefusalReason {
    /** The adaptive limit on order sagas in flight is reached. */
    LIMIT("limit", "as many orders are in flight as this instance can finish in time"),
    /** The limit is reached and the sagas in flight have stopped finishing. */
    STALLED("stalled", "the orders in flight have stopped finishing: a service they need may be down"),
    /** The reply listener is behind. */
    REPLY_LAG("reply-lag", "the replies of the sagas in flight are not read fast enough"),
    /** Threads queue for a database connection. */
    POOL_WAIT("pool-wait", "requests are waiting for database connections"),
    /** Little heap is left after garbage collection. */
    HEAP("heap", "little memory is left"),
    /** This kind of request holds its whole share of the connection pool. */
    POOL("pool", "this API holds all the database connections it may use");

    private final String tag;
    private final String why;

    RefusalReason(String tag, String why) {
        this.tag = tag;
        this.why = why;
    }

    String tag() {
        return tag;
    }

    String why() {
        return why;
    }
}
