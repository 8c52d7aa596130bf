package io.sagaengine.service.problem;

/** Answered as 404 problem details, with the message as detail. */
public class ResourceNotFoundException extends RuntimeException {

    public ResourceNotFoundException(String detail) {
        super(detail);
    }
}
