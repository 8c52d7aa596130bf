package io.sagaengine.orchestrator.admission;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/** 503 with Retry-After and the reason: this instance is too busy to take the request now. */
public final class AdmissionRefused extends ErrorResponseException {

    /** The problem property naming the signal that refused. */
    public static final String REASON = "reason";

    AdmissionRefused(RefusalReason reason, long retryAfterSeconds, String what) {
        super(HttpStatus.SERVICE_UNAVAILABLE, body(reason, what), null);
        getHeaders().set(HttpHeaders.RETRY_AFTER, String.valueOf(retryAfterSeconds));
    }

    private static ProblemDetail body(RefusalReason reason, String what) {
        ProblemDetail body = ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE,
                "This instance is too busy to take " + what + " now (" + reason.why() + "); nothing was stored. "
                        + "Send the request again after Retry-After, with the same Idempotency-Key.");
        body.setTitle("Too busy");
        body.setProperty(REASON, reason.tag());
        return body;
    }

    /** The signal that refused, as tagged on {@code orders.admission.refused}. */
    public String reason() {
        Object reason = getBody().getProperties() == null ? null : getBody().getProperties().get(REASON);
        return String.valueOf(reason);
    }
}
