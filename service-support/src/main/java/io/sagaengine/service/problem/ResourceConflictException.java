package io.sagaengine.service.problem;

/** The request does not fit the resource's current state; answered as 409 problem details, with the message as detail. */
public class ResourceConflictException extends RuntimeException {

    public ResourceConflictException(String detail) {
        super(detail);
    }
}
