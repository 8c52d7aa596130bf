package io.sagaengine.orchestrator.admission;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.web.servlet.AsyncHandlerInterceptor;

/**
 * The admin API's share of the connection pool: support staff's listings and bulk actions, however many run at once,
 * hold at most {@code orders.admission.connections.admin} connections, so they cannot take the reply listener's.
 * A request that goes asynchronous (the console's event stream of a saga) gives its share back when it does: its
 * further reads run on the stream's own thread, and an open console page must not hold a share for its whole life.
 */
final class AdminConnections implements AsyncHandlerInterceptor {

    private static final String HOLDS = AdminConnections.class.getName() + ".holds";

    private final OrderAdmission.ConnectionShare share;
    private final long retryAfterSeconds;

    AdminConnections(OrderAdmission.ConnectionShare share, long retryAfterSeconds) {
        this.share = share;
        this.retryAfterSeconds = retryAfterSeconds;
    }

    @Override
    public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
        if (request.getAttribute(HOLDS) != null) {
            return true;
        }
        if (!share.tryAcquire()) {
            throw new AdmissionRefused(RefusalReason.POOL, retryAfterSeconds, "more admin requests");
        }
        request.setAttribute(HOLDS, Boolean.TRUE);
        return true;
    }

    @Override
    public void afterConcurrentHandlingStarted(HttpServletRequest request, HttpServletResponse response,
                                               Object handler) {
        release(request);
    }

    @Override
    public void afterCompletion(HttpServletRequest request, HttpServletResponse response, Object handler,
                                Exception ex) {
        release(request);
    }

    private void release(HttpServletRequest request) {
        if (request.getAttribute(HOLDS) != null) {
            request.removeAttribute(HOLDS);
            share.release();
        }
    }
}
