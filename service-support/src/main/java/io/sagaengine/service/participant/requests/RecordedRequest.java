package io.sagaengine.service.participant.requests;

import java.time.OffsetDateTime;
import java.util.UUID;

/**
 * One requestId as recorded, for views such as "the payments of an order".
 *
 * @param businessKey   the command's {@link io.sagaengine.contracts.ContractMessage#businessKey()}, e.g. an order id
 * @param outcome       what the forward command decided; null when the compensation came first
 * @param executedAt    when the forward command ran; null when it never did
 * @param compensatedAt when the compensation ran (or was recorded before the forward command); null if it did not
 */
public record RecordedRequest<O>(UUID requestId, String businessKey, RequestState state, O outcome,
                                 OffsetDateTime createdAt, OffsetDateTime executedAt, OffsetDateTime compensatedAt) {
}
