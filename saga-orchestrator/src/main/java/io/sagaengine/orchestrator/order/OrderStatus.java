package io.sagaengine.orchestrator.order;

/** Where an order stands: PENDING while its saga runs, then COMPLETED or CANCELLED. */
enum OrderStatus { PENDING, COMPLETED, CANCELLED }
